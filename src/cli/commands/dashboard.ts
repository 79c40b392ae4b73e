import { isOverdue, slaQueries } from '../../sla/queries';
import { formatDuration, formatLocal } from '../../scoring/format';
import { type ParsedArgs, checkKnown, instantOption, intOption, required } from '../args';
import type { CliIo } from '../io';
import { loadPolicy, loadStore, viewAt } from '../load';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** `dashboard`: the SLA dashboard, per centre and the most urgent clocks. */
export const dashboardCommand = async (args: ParsedArgs, io: CliIo): Promise<number> => {
  checkKnown(args, ['store', 'now', 'centre', 'limit', 'policy']);
  const directory = required(args, 'store');
  const now = instantOption(args, 'now') ?? io.now();
  const limit = intOption(args, 'limit', 1, 15);
  const centre = args.options.get('centre');
  const policy = loadPolicy(args.options.get('policy'));
  const projection = await loadStore(directory, io, 'dashboard');
  const view = viewAt(policy, projection, now);
  const queries = slaQueries([...view.sla.values()]);
  const filter = centre === undefined ? undefined : { centre };
  const out: string[] = [];
  out.push(
    `SLA dashboard — as of ${formatLocal(view.zone, now)} (${view.zone}), policy ${policy.id} ${policy.version}`,
  );
  out.push(`${view.complaints.length} complaints, ${projection.eventCount} events`);
  out.push('');
  const head = `${pad('Centre', 22)}${lpad('Clocks', 8)}${lpad('Running', 9)}${lpad('At risk', 9)}${lpad('Overdue', 9)}${lpad('Breached', 10)}${lpad('Timeliness', 12)}`;
  out.push(head, '-'.repeat(head.length));
  for (const s of queries.summaryBy('centre', filter))
    out.push(
      `${pad(s.key, 22)}${lpad(String(s.clocks), 8)}${lpad(String(s.byState.running), 9)}${lpad(String(s.atRisk), 9)}${lpad(String(s.overdue), 9)}${lpad(String(s.breached), 10)}${lpad(pct(s.timelinessRate), 12)}`,
    );
  out.push('');
  const urgent = queries
    .clocks(filter)
    .filter((c) => isOverdue(c) || c.state === 'running')
    .slice(0, limit);
  out.push(urgent.length === 0 ? 'Nothing open.' : `Most urgent (${urgent.length}):`);
  for (const c of urgent) {
    const status = isOverdue(c)
      ? `OVERDUE ${formatDuration(c.overdueMs ?? 0)}`
      : c.atRisk
        ? `AT RISK ${formatDuration(c.remainingMs ?? 0)} left`
        : `running ${formatDuration(c.remainingMs ?? 0)} left`;
    out.push(
      `  ${pad(status, 22)} ${pad(c.id, 30)} ${pad(c.centre, 20)} ${pad(c.complaintClass, 22)} due ${c.dueAt === null ? '—' : formatLocal(view.zone, c.dueAt)}`,
    );
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
};
