import { writeFileSync } from 'node:fs';
import { addMonths } from '../../centre/month';
import { scoreHistory } from '../../scoring/history';
import { type ParsedArgs, checkKnown, instantOption, required } from '../args';
import type { CliIo } from '../io';
import { CliFailure, loadPolicy, loadStore, viewAt } from '../load';

/**
 * `rebuild`: replay the whole store into the SLA and scoring projections (a progress bar on
 * a terminal for long runs) and print what they hold; `--out` writes every centre's monthly
 * scores, deductions and remediation flags as JSON.
 */
export const rebuildCommand = async (args: ParsedArgs, io: CliIo): Promise<number> => {
  checkKnown(args, ['store', 'out', 'now', 'policy']);
  const directory = required(args, 'store');
  const now = instantOption(args, 'now') ?? io.now();
  const policy = loadPolicy(args.options.get('policy'));
  const started = performance.now();
  const projection = await loadStore(directory, io, 'rebuild');
  const replayMs = performance.now() - started;
  const view = viewAt(policy, projection, now);
  const months = view.centres
    .map((c) => view.firstMonth(c))
    .filter((m): m is string => m !== undefined)
    .sort();
  const first = months[0];
  const last = view.monthOf(now);
  const history = first === undefined || first > last ? [] : scoreHistory(view, first, last);
  const out: string[] = [];
  out.push(
    `rebuilt from ${projection.eventCount} events (last position ${projection.position}) in ${replayMs.toFixed(0)} ms: ${view.complaints.length} complaints, ${view.clocks.length} clocks, ${view.centres.length} centres`,
  );
  if (first !== undefined && first <= last) {
    out.push(`months ${first} – ${last}; latest scores:`);
    const previous = addMonths(last, -1);
    for (const h of history) {
      const latest = h.scores[h.scores.length - 1];
      const before = h.scores.find((s) => s.month === previous);
      const flags =
        h.flags.length === 0
          ? ''
          : `  remediation: ${h.flags.map((f) => f.months.map((m) => m.month).join('/')).join('; ')}`;
      out.push(
        `  ${h.centre.padEnd(22)} ${latest === undefined ? '—' : `${latest.month} ${latest.score}`}${before === undefined ? '' : ` (previous ${before.score})`}${flags}`,
      );
    }
  }
  const file = args.options.get('out');
  if (file !== undefined) {
    const snapshot = {
      policy: { id: policy.id, version: policy.version },
      asOf: new Date(now).toISOString(),
      position: projection.position,
      events: projection.eventCount,
      centres: history.map((h) => ({
        centre: h.centre,
        scores: h.scores.map((s) => ({
          month: s.month,
          score: s.score,
          final: s.final,
          deductions: s.deductions.map((d) => ({
            category: d.category,
            points: d.points,
            nominal: d.nominal,
            cappedBy: d.cappedBy,
            reason: d.reason,
            cause: d.cause,
          })),
        })),
        remediation: h.flags,
      })),
    };
    try {
      writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`);
    } catch (error) {
      throw new CliFailure(`cannot write ${file}: ${(error as Error).message}`);
    }
    out.push(`wrote ${file}`);
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
};
