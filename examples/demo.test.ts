import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'complaint-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run demo', () => {
  it('walks every class, seeds the portfolio, prints the dashboard and writes the report', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/demo.ts', dir], {
      cwd: join(import.meta.dirname, '..'),
      timeout: 120_000,
    });
    expect(stdout).toContain('RectificationPending');
    expect(stdout).toMatch(/seeded .* \d+ events/);
    expect(stdout).toContain('SLA dashboard');
    expect(existsSync(join(dir, 'reports', 'complaint-report-2026-06.html'))).toBe(true);
    expect(existsSync(join(dir, 'reports', 'complaint-report-2026-06.md'))).toBe(true);
  }, 120_000);
});
