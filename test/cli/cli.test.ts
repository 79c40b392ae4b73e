import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tsupConfig from '../../tsup.config';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Inside the repo so that the bundle's imports resolve from its node_modules. */
const OUT = join(ROOT, 'node_modules', '.cache', `complaint-ledger-cli-test-${process.pid}`);
const BIN = join(OUT, 'cli.mjs');
let work = '';
let store = '';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built binary as a user would, with no terminal attached. */
const cli = (...args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: work, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });

beforeAll(async () => {
  // The published build's entry is src/cli/main.ts; build it the same way (the project's
  // tsup plugins) into a scratch directory, so these tests never depend on a stale dist/.
  const base = tsupConfig as Options;
  await build({
    entry: { cli: 'src/cli/main.ts' },
    outDir: OUT,
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node',
    target: 'node20',
    dts: false,
    sourcemap: false,
    splitting: false,
    clean: true,
    silent: true,
    plugins: base.plugins ?? [],
  });
  if (!existsSync(BIN)) throw new Error(`the CLI was not built at ${BIN}`);
  work = mkdtempSync(join(tmpdir(), 'complaint-ledger-cli-'));
  store = join(work, 'store');
  const seeded = await cli('seed-demo', '--store', store);
  if (seeded.code !== 0) throw new Error(`seed-demo failed: ${seeded.stderr}`);
}, 120_000);

afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the complaint-ledger binary', () => {
  it('prints its usage; a missing or unknown command or option is a usage error (exit 2)', async () => {
    const help = await cli('help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: complaint-ledger <command>');
    expect((await cli()).code).toBe(2);
    const unknown = await cli('frobnicate');
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toContain('unknown command frobnicate');
    const typo = await cli('dashboard', '--store', store, '--centr', 'x');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown option --centr');
    const month = await cli('report', '--store', store, '--month', '2026-13');
    expect(month.code).toBe(2);
    expect(month.stderr).toContain('--month must be YYYY-MM');
  });

  it('seed-demo filled the store, and refuses a store that is not empty (exit 1)', async () => {
    const again = await cli('seed-demo', '--store', store);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not empty');
  });

  it('dashboard prints the SLA dashboard per centre and the most urgent clocks', async () => {
    const run = await cli(
      'dashboard',
      '--store',
      store,
      '--now',
      '2026-06-20T12:00:00+08:00',
      '--limit',
      '5',
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('SLA dashboard — as of 2026-06-20 12:00 (Asia/Shanghai)');
    for (const centre of ['call-centre', 'delivery', 'operations', 'service-management'])
      expect(run.stdout).toMatch(new RegExp(`^${centre}\\s+\\d+`, 'm'));
    expect(run.stdout).toContain('Most urgent (5):');
    expect(run.stdout).toMatch(/OVERDUE .+ CAL-202605-04\/revisit/);
    const one = await cli(
      'dashboard',
      '--store',
      store,
      '--now',
      '2026-06-20T12:00:00+08:00',
      '--centre',
      'delivery',
    );
    expect(one.stdout).not.toMatch(/^call-centre/m);
  });

  it('report writes the month as Markdown and HTML', async () => {
    const out = join(work, 'reports');
    const run = await cli('report', '--store', store, '--month', '2026-06', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const md = readFileSync(join(out, 'complaint-report-2026-06.md'), 'utf8');
    const html = readFileSync(join(out, 'complaint-report-2026-06.html'), 'utf8');
    expect(run.stdout).toContain(join(out, 'complaint-report-2026-06.html'));
    expect(run.stdout).toContain('star service-management; 1 remediation flag(s)');
    expect(md).toContain('# 客户投诉分析报告 Complaint analysis report — 2026-06');
    expect(md).toContain('**Call centre 客服中心** scored below 80 for 3 consecutive months');
    expect(html.match(/<svg /g)).toHaveLength(2);
    // Made as of the month's end, the report is the same whenever it is run.
    const again = await cli(
      'report',
      '--store',
      store,
      '--month',
      '2026-06',
      '--out',
      join(work, 'again'),
    );
    expect(again.code).toBe(0);
    expect(readFileSync(join(work, 'again', 'complaint-report-2026-06.html'), 'utf8')).toBe(html);
  });

  it('rebuild replays every event and writes the scores with their causes', async () => {
    const file = join(work, 'scores.json');
    const run = await cli(
      'rebuild',
      '--store',
      store,
      '--now',
      '2026-07-01T00:00:00+08:00',
      '--out',
      file,
    );
    expect(run.code).toBe(0);
    // No terminal: no progress bar, stderr stays clean for scripts.
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^rebuilt from 1209 events \(last position 1209\)/);
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
      events: number;
      centres: {
        centre: string;
        scores: {
          month: string;
          score: number;
          deductions: { points: number; cause: { kind: string } }[];
        }[];
        remediation: { months: { month: string }[] }[];
      }[];
    };
    expect(snapshot.events).toBe(1209);
    const call = snapshot.centres.find((c) => c.centre === 'call-centre');
    expect(call?.remediation.map((f) => f.months.map((m) => m.month))).toEqual([
      ['2026-04', '2026-05', '2026-06'],
    ]);
    for (const c of snapshot.centres)
      for (const s of c.scores) {
        const deducted = s.deductions.reduce((t, d) => t + d.points, 0);
        expect(Math.round((100 - deducted) * 100) / 100).toBe(s.score);
        for (const d of s.deductions) expect(['clock', 'event']).toContain(d.cause.kind);
      }
  });

  it('a directory that is no store is a failure (exit 1), named in the message', async () => {
    const run = await cli('rebuild', '--store', join(work, 'nowhere'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot open the store');
  });
});
