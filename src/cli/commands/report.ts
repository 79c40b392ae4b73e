import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { YearMonth } from '../../centre/month';
import { buildMonthlyReport } from '../../report/model';
import { renderHtml } from '../../report/html';
import { renderMarkdown } from '../../report/markdown';
import { monthBounds } from '../../scoring/month-zone';
import { type ParsedArgs, UsageError, checkKnown, instantOption, required } from '../args';
import type { CliIo } from '../io';
import { CliFailure, loadPolicy, loadStore, viewAt } from '../load';

/**
 * `report --month YYYY-MM`: the monthly complaint analysis report as Markdown and HTML. As of
 * the end of the month once it is over (so the report is the same whenever it is made),
 * as of now before that; `--as-of` overrides.
 */
export const reportCommand = async (args: ParsedArgs, io: CliIo): Promise<number> => {
  checkKnown(args, ['store', 'month', 'out', 'as-of', 'policy']);
  const directory = required(args, 'store');
  const month = required(args, 'month');
  if (!YearMonth.is(month)) throw new UsageError('--month must be YYYY-MM, e.g. 2026-06');
  const outDir = args.options.get('out') ?? '.';
  const policy = loadPolicy(args.options.get('policy'));
  const end = monthBounds(policy.timeZone, month).end;
  const now = io.now();
  const asOf = instantOption(args, 'as-of') ?? Math.min(now, end);
  const projection = await loadStore(directory, io, 'report');
  const view = viewAt(policy, projection, asOf);
  const report = buildMonthlyReport(view, month);
  const base = join(outDir, `complaint-report-${month}`);
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(`${base}.md`, renderMarkdown(report));
    writeFileSync(`${base}.html`, renderHtml(report));
  } catch (error) {
    throw new CliFailure(`cannot write the report: ${(error as Error).message}`);
  }
  const scores = report.scores.map((s) => `${s.centre} ${s.score}`).join(', ');
  io.stdout.write(
    `${base}.md\n${base}.html\n${report.month}: ${report.counts.received} complaints, ${report.breaches.length + report.breachesOmitted} breaches; scores: ${scores || 'none'}; star ${report.ranking.star ?? 'none'}; ${report.flags.length} remediation flag(s)\n`,
  );
  return 0;
};
