/**
 * An SLA dashboard for a few dozen complaints: what is overdue, at risk and due soon, per
 * centre and class, with one clock explained, a what-if under a stricter policy, and the
 * notifications a workflow engine would receive. Run: npx tsx examples/sla-dashboard.ts
 */
import {
  type ComplaintCommand,
  createCommandHandler,
  createProjectionRunner,
  createSlaNotifier,
  describeHandleError,
  explainClock,
  formatInZone,
  hongchangPolicy,
  memoryCheckpoint,
  type Policy,
  type SlaClock,
  type SlaNotification,
  SlaProjection,
  slaAsOf,
  slaContext,
  slaPortfolio,
  slaQueries,
  whatIf,
} from 'complaint-ledger';
import { createMemoryEventStore } from 'complaint-ledger/memory';
import * as E from 'fp-ts/Either';
import { pathToFileURL } from 'node:url';

const HOUR = 3_600_000;
const ZONE = hongchangPolicy.timeZone;
/** The dashboard's "now": Friday 20 March 2026, 10:00 in Shanghai. */
const NOW = Date.parse('2026-03-20T02:00:00.000Z');

/** A small deterministic generator, so that every run prints the same dashboard. */
const lcg = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const random = lcg(20260320);

const CENTRES = ['service-management', 'operations', 'product-delivery', 'call-centre'];
const CLASSES = ['invalid', 'general', 'generalServiceQuality', 'majorServiceQuality'];

/** Commands taking one complaint through its class's steps, some quickly, some late. */
const lifecycle = (n: number): ComplaintCommand[] => {
  const complaintId = `C-2026-${String(n).padStart(3, '0')}`;
  const cls = CLASSES[n % CLASSES.length]!;
  let at = NOW - (1 + random() * 14 * 24) * HOUR;
  const out: ComplaintCommand[] = [];
  const c = () => ({ complaintId, at: new Date(at).toISOString() });
  // Most steps are done well in time; one in five runs late.
  const after = (hours: number) => {
    at += hours * HOUR * (random() < 0.8 ? 0.1 + random() * 0.6 : 0.9 + random() * 0.8);
  };
  out.push({
    type: 'ReceiveComplaint',
    ...c(),
    centre: CENTRES[n % CENTRES.length]!,
    channel: random() < 0.6 ? 'phone' : 'online',
    customer: { id: `CUST-${n}`, grade: random() < 0.3 ? 'A' : 'B' },
    summary: 'Shipment late or damaged',
  });
  at += HOUR * random();
  // A few general complaints turn out to be major (re-classified at verification time).
  const reclassify = cls === 'general' && n % 3 === 0;
  out.push({ type: 'ClassifyComplaint', ...c(), complaintClass: cls });
  const steps = hongchangPolicy.classes[cls]!.steps.filter((s) => s.step !== 'revisit');
  const target = cls === 'general' && reclassify ? 'majorServiceQuality' : cls;
  const plan = reclassify ? hongchangPolicy.classes[target]!.steps : steps;
  if (reclassify) {
    after(20);
    out.push({
      type: 'ReclassifyComplaint',
      ...c(),
      complaintClass: target,
      reason: 'customer lost a contract: a major service-quality complaint',
    });
  }
  const progress = Math.floor((0.4 + 0.6 * random()) * (plan.length + 1));
  let notices = 0;
  for (const rule of plan.slice(0, progress)) {
    if (rule.step === 'revisit') break;
    const hours = rule.limit?.kind === 'hours' ? rule.limit.hours : 24;
    after(hours);
    if (at > NOW) break;
    switch (rule.step) {
      case 'verify':
        out.push({ type: 'VerifyComplaint', ...c(), finding: 'confirmed from the hub log' });
        break;
      case 'explain':
        out.push({ type: 'ContactCustomer', ...c(), explanation: 'outside our liability' });
        break;
      case 'negotiate':
        out.push({ type: 'NegotiateAgreement', ...c(), agreement: 'refund the freight' });
        break;
      case 'sign':
        out.push({ type: 'SignAgreement', ...c(), signedBy: 'deputy general manager' });
        break;
      case 'report':
        out.push({ type: 'ReportToLeadership', ...c() });
        break;
      case 'draftSolution':
        out.push({ type: 'DraftSolution', ...c(), solution: 'retrain the loading team' });
        break;
      case 'issueNotice':
        notices++;
        out.push({
          type: 'IssueRectificationNotice',
          ...c(),
          noticeId: `N-${notices}`,
          responsibleDepartment: 'hub operations',
          requirements: 'repair the conveyor guard',
          deadline: new Date(at + 72 * HOUR).toISOString(),
        });
        break;
      case 'rectify':
        after(60);
        if (n % 5 === 0) {
          // A failed inspection: a new notice follows.
          out.push({ type: 'InspectRectification', ...c(), noticeId: 'N-1', result: 'failed' });
          after(4);
          notices++;
          out.push({
            type: 'IssueRectificationNotice',
            ...c(),
            noticeId: `N-${notices}`,
            responsibleDepartment: 'hub operations',
            requirements: 'replace the guard, not repair it',
            deadline: new Date(at + 48 * HOUR).toISOString(),
          });
          after(40);
        }
        out.push({
          type: 'InspectRectification',
          ...c(),
          noticeId: `N-${notices}`,
          result: 'passed',
        });
        break;
      case 'accept':
        out.push({ type: 'RecordCustomerAcceptance', ...c() });
        break;
      case 'close':
        out.push({ type: 'CloseComplaint', ...c(), result: 'resolved', writtenNotice: 'letter' });
        break;
      default:
        break;
    }
  }
  return out.filter((cmd) => Date.parse(cmd.at) <= NOW);
};

const fmt = (ms: number | null) => (ms === null ? '—' : formatInZone(ZONE, ms).slice(5, 16));
const dur = (ms: number | null) => {
  if (ms === null) return '';
  const h = Math.abs(ms) / HOUR;
  return h >= 48 ? `${(h / 24).toFixed(1)} d` : `${h.toFixed(1)} h`;
};
const row = (c: SlaClock) =>
  `  ${c.id.padEnd(26)} ${c.centre.padEnd(19)} ${c.complaintClass.padEnd(22)} due ${fmt(c.dueAt)}  ${
    c.state === 'breached' && c.stoppedAt === null
      ? `overdue ${dur(c.overdueMs)}`
      : c.state === 'running'
        ? `${dur(c.remainingMs)} left${c.atRisk ? ' (at risk)' : ''}`
        : c.state
  }`;

/** Build the portfolio on a memory store and print the dashboard, one line at a time. */
export const printDashboard = async (log: (line: string) => void = console.log): Promise<void> => {
  let storeNow = new Date(0);
  const store = createMemoryEventStore({ clock: () => storeNow });
  const handler = createCommandHandler({ store, policy: hongchangPolicy });
  const commands = Array.from({ length: 36 }, (_, i) => lifecycle(i + 1))
    .flat()
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const command of commands) {
    storeNow = new Date(command.at);
    const result = await handler.handle(command);
    if (E.isLeft(result)) throw new Error(`${command.type}: ${describeHandleError(result.left)}`);
  }

  const projection = new SlaProjection();
  const runner = createProjectionRunner({ store, projection });
  const caughtUp = await runner.start();
  if (E.isLeft(caughtUp)) throw new Error(caughtUp.left._tag);
  const ctx = slaContext(hongchangPolicy);
  if (E.isLeft(ctx)) throw new Error(ctx.left.message);

  const portfolio = slaPortfolio(ctx.right, projection, NOW);
  const q = slaQueries(portfolio);
  log(
    `SLA dashboard — ${formatInZone(ZONE, NOW)} — ${portfolio.length} complaints, ${projection.eventCount} events`,
  );
  log(`policy ${hongchangPolicy.id} ${hongchangPolicy.version}, time zone ${ZONE}\n`);

  const section = (title: string, clocks: readonly SlaClock[], limit = 12) => {
    log(`${title} (${clocks.length})`);
    for (const c of clocks.slice(0, limit)) log(row(c));
    if (clocks.length > limit) log(`  … and ${clocks.length - limit} more`);
    log('');
  };
  section('OVERDUE NOW — most overdue first', q.overdue());
  section('AT RISK — 80% of the allowed time used', q.atRisk());
  section('DUE WITHIN 24 H', q.dueWithin(24));
  section('BREACHED IN THE LAST 7 DAYS', q.breachedBetween(NOW - 7 * 24 * HOUR, NOW), 8);

  const table = (dimension: 'centre' | 'complaintClass') => {
    log(`BY ${dimension === 'centre' ? 'CENTRE' : 'CLASS'}`);
    log(`  ${''.padEnd(22)} running  at risk  overdue  met  breached  timeliness`);
    for (const s of q.summaryBy(dimension))
      log(
        `  ${s.key.padEnd(22)} ${String(s.byState.running).padStart(7)}  ${String(s.atRisk).padStart(7)}  ${String(s.overdue).padStart(7)}  ${String(s.byState.met).padStart(3)}  ${String(s.breached).padStart(8)}  ${s.timelinessRate === null ? '—' : `${(100 * s.timelinessRate).toFixed(0)}%`.padStart(10)}`,
      );
    log('');
  };
  table('centre');
  table('complaintClass');

  const reclassified = portfolio.find((c) => c.history.some((h) => h.kind === 'reclassified'));
  if (reclassified !== undefined) {
    const record = projection.complaint(reclassified.complaintId);
    const explanation = record && explainClock(ctx.right, record, 'verify', NOW);
    if (explanation) {
      log(`WHY IS ${explanation.clock.id} ${explanation.clock.state.toUpperCase()}?`);
      for (const line of explanation.lines) log(`  ${line}`);
      for (const h of reclassified.history)
        if (h.kind === 'reclassified')
          log(
            `  SLA history: ${fmt(h.at)} re-classified ${h.from} → ${h.to}: ${h.changes
              .map((x) => `${x.key} ${x.change}`)
              .join(', ')}`,
          );
      log('');
    }
  }

  const lastWeek = slaAsOf(ctx.right, projection, NOW - 7 * 24 * HOUR);
  log(
    `A WEEK AGO (as recorded then): ${slaQueries(lastWeek).overdue().length} overdue, ${slaQueries(lastWeek).atRisk().length} at risk\n`,
  );

  const stricter: Policy = {
    ...hongchangPolicy,
    version: `${hongchangPolicy.version}-general-24h`,
    classes: {
      ...hongchangPolicy.classes,
      general: {
        ...hongchangPolicy.classes.general!,
        steps: hongchangPolicy.classes.general!.steps.map((r) =>
          r.step === 'verify' || r.step === 'negotiate'
            ? { ...r, limit: { kind: 'hours' as const, hours: 24 } }
            : r,
        ),
      },
    },
  };
  const strictCtx = slaContext(stricter);
  if (E.isRight(strictCtx)) {
    const report = whatIf(projection, ctx.right, strictCtx.right, NOW);
    log(
      `WHAT IF general complaints had 24 h (not 48 h) to verify and to negotiate? ${report.verdictChanges} clocks change verdict, ${report.newlyBreached} newly breached`,
    );
    for (const d of report.changed.filter((x) => x.verdictChanged).slice(0, 6))
      log(
        `  ${d.id.padEnd(26)} ${d.before?.state} → ${d.after?.state}  (due ${dur(d.dueShiftMs)} earlier)`,
      );
    log('');
  }

  // A notifier starting now fires, once, every transition that happened before it started.
  const notifier = createSlaNotifier({
    projection,
    context: ctx.right,
    clock: { now: () => NOW },
    timer: { set: () => 0, clear: () => {} },
    checkpoint: memoryCheckpoint(),
  });
  const fired: SlaNotification[] = [];
  notifier.on('notification', (n) => fired.push(n));
  await notifier.start();
  const count = (t: string) => fired.filter((n) => n.transition === t).length;
  log(
    `NOTIFICATIONS for a workflow engine (催办): ${count('atRisk')} at risk, ${count('breached')} breached, ${count('met')} met; next wake-up ${fmt(notifier.wakeAt)}`,
  );
  notifier.stop();
  runner.stop();
  await store.close();
};

// Run when executed (npx tsx examples/sla-dashboard.ts), not when imported by a test.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  printDashboard().catch((error) => {
    console.error(error);
    process.exit(1);
  });
