import type { Deduction } from '../scoring/deductions';
import type { DueDate } from '../scoring/due-date';
import {
  centreLabel,
  CHANNEL_LABEL,
  classLabel,
  hours,
  localTime,
  percent,
  points,
  RULE_LABEL,
  signed,
  stepLabel,
} from './format';
import type { MonthlyReport } from './model';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const table = (head: readonly string[], body: readonly (readonly string[])[]): string[] => [
  `| ${head.map(cell).join(' | ')} |`,
  `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
  ...body.map((r) => `| ${r.map(cell).join(' | ')} |`),
];

export const describeDue = (due: DueDate): string =>
  due.rolledBecause === null
    ? `${due.date}${due.provisional ? ' (provisional: past the calendar data)' : ''}`
    : `${due.date} (${due.scheduled} is ${due.rolledBecause}: moved to the next working day${due.provisional ? '; provisional' : ''})`;

/** Where a deduction came from, as text a reader can look up. */
export const causeText = (d: Deduction): string =>
  d.cause.kind === 'clock'
    ? `clock ${d.cause.clockId}`
    : `event #${d.cause.event.position} ${d.cause.event.type} (${d.cause.event.streamId} v${d.cause.event.streamVersion}, id ${d.cause.event.eventId})`;

/** The report as Markdown. */
export const renderMarkdown = (r: MonthlyReport): string => {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line(`# 客户投诉分析报告 Complaint analysis report — ${r.month}`);
  line();
  line(`- Policy: ${r.policy.name} (${r.policy.id} ${r.policy.version}); times in ${r.zone}`);
  line(
    `- As of: ${localTime(r, r.asOf)}${r.final ? '' : ' — the month is not over: figures so far'}`,
  );
  line(`- This report is due by: ${describeDue(r.due.report)}`);
  line(`- Monthly scores due to HR by: ${describeDue(r.due.hr)}`);
  line();

  line('## 1. Complaints received');
  line();
  const breachCount = r.breachesByStep.reduce((t, x) => t + x.count, 0);
  line(
    `${r.counts.received} received (${r.counts.closed} closed, ${r.counts.open} still open), ${r.counts.repeat} repeat complaints (反复投诉), ${breachCount} deadlines breached in the month.`,
  );
  line();
  out.push(
    ...table(
      ['Class', 'Complaints'],
      r.counts.byClass.map((x) => [classLabel(x.key), String(x.count)]),
    ),
  );
  line();
  out.push(
    ...table(
      ['Channel', 'Complaints'],
      r.counts.byChannel.map((x) => [CHANNEL_LABEL[x.key] ?? x.key, String(x.count)]),
    ),
  );
  line();
  out.push(
    ...table(
      ['Centre', 'Complaints'],
      r.counts.byCentre.map((x) => [centreLabel(r, x.key), String(x.count)]),
    ),
  );
  line();

  line('## 2. Centre scores 月度考评');
  line();
  out.push(
    ...table(
      [
        'Centre',
        'Score',
        'Change',
        'Deducted',
        'Breaches',
        'Failed inspections',
        'Missed revisits',
        'Repeats',
        'Refusals',
      ],
      r.scores.map((s) => [
        centreLabel(r, s.centre),
        points(s.score),
        s.previous === null ? '—' : signed(Math.round((s.score - s.previous) * 100) / 100),
        points(s.deducted),
        `${s.byCategory.breach.count} (−${points(s.byCategory.breach.points)})`,
        `${s.byCategory.failedInspection.count} (−${points(s.byCategory.failedInspection.points)})`,
        `${s.byCategory.missedRevisit.count} (−${points(s.byCategory.missedRevisit.points)})`,
        `${s.byCategory.repeatComplaint.count} (−${points(s.byCategory.repeatComplaint.points)})`,
        `${s.byCategory.customerRefusal.count} (−${points(s.byCategory.customerRefusal.points)})`,
      ]),
    ),
  );
  line();

  line('## 3. Indicators');
  line();
  out.push(
    ...table(
      [
        'Centre',
        'Complaints',
        'Timeliness 及时率',
        'Resolution 解决率',
        'Satisfaction 满意度',
        'Avg response',
        'p90 response',
        'Revisit in time',
        'Repeats',
        'Service quality 服务质量指标',
      ],
      r.indicators.map((i) => [
        centreLabel(r, i.centre),
        String(i.complaints),
        `${percent(i.timeliness.rate)} (${i.timeliness.numerator}/${i.timeliness.denominator})`,
        `${percent(i.resolution.rate)} (${i.resolution.numerator}/${i.resolution.denominator})`,
        percent(i.satisfaction.rate),
        hours(i.responseTime.averageMs),
        hours(i.responseTime.percentileMs),
        percent(i.revisitInTime.rate),
        String(i.repeatComplaints),
        i.serviceQuality.index === null
          ? `— (missing ${i.serviceQuality.missing.join(', ')})`
          : `${percent(i.serviceQuality.index)} (monitoring ${i.serviceQuality.monitoring?.score}, test call ${i.serviceQuality.testCall?.score}, ${i.serviceQuality.complaints} × ${i.serviceQuality.coefficient})`,
      ]),
    ),
  );
  line();

  line(
    `## 4. Quarterly ranking ${r.ranking.quarter}${r.ranking.complete ? '' : ' (quarter to date)'}`,
  );
  line();
  out.push(
    ...table(
      ['Rank', 'Centre', 'Average', 'Months', 'Lowest', 'Breaches', 'Placed by'],
      r.ranking.ranking.map((x) => [
        `${x.rank}${x.star ? ' ★' : ''}`,
        centreLabel(r, x.centre),
        points(x.average),
        x.months.map((m) => `${m.month}: ${points(m.score)}`).join(', '),
        points(x.lowest),
        String(x.breaches),
        RULE_LABEL[x.decidedBy] ?? x.decidedBy,
      ]),
    ),
  );
  line();
  line(
    r.ranking.star === null
      ? 'No star centre: the first centre is below the minimum score for the title.'
      : `明星客户服务中心 Star customer service centre: **${centreLabel(r, r.ranking.star)}**.`,
  );
  line();

  line('## 5. Remediation plans 整改计划');
  line();
  if (r.flags.length === 0)
    line('No centre has been below the threshold long enough to need a written plan.');
  for (const f of r.flags)
    line(
      `- **${centreLabel(r, f.centre)}** scored below ${points(f.threshold)} for ${f.months.length} consecutive months (${f.months.map((m) => `${m.month}: ${points(m.score)}`).join(', ')}): a written remediation plan is required (due since ${f.raisedIn}).`,
    );
  line();

  line('## 6. Top causes');
  line();
  out.push(
    ...table(
      ['Responsible department 相关部门', 'Complaints'],
      r.topCauses.departments.map((x) => [x.key, String(x.count)]),
    ),
  );
  line();
  out.push(
    ...table(
      ['Deducted for', 'Times', 'Points'],
      r.topCauses.deductions.map((x) => [x.key, String(x.count), points(x.points)]),
    ),
  );
  line();

  line('## 7. Breaches');
  line();
  out.push(
    ...table(
      ['Step', 'Breaches'],
      r.breachesByStep.map((x) => [stepLabel(x.key), String(x.count)]),
    ),
  );
  line();
  for (const b of r.breaches) {
    const late = b.open
      ? `still open, ${hours(b.overdueMs)} overdue`
      : b.stoppedAt === null
        ? 'cancelled after its due time'
        : `${hours(b.overdueMs)} late`;
    line(
      `### ${b.clockId} — ${centreLabel(r, b.centre)}, ${classLabel(b.complaintClass)}: ${stepLabel(b.step)} due ${localTime(r, b.dueAt)}, ${late}, −${points(b.points)}`,
    );
    line();
    for (const e of b.explanation) line(`- ${e}`);
    line();
  }
  if (r.breachesOmitted > 0) line(`… and ${r.breachesOmitted} more breaches not listed.`);
  if (r.breaches.length === 0) line('No deadline was breached this month.');
  line();

  line('## Appendix: every deduction and its cause');
  line();
  for (const s of r.scores) {
    line(
      `### ${centreLabel(r, s.centre)}: ${points(s.startingScore)} − ${points(s.deducted)} = ${points(s.score)}`,
    );
    line();
    if (s.deductions.length === 0) line('No deductions.');
    for (const d of s.deductions)
      line(
        `- −${points(d.points)}${d.cappedBy === null ? '' : ` (of ${points(d.nominal)}; ${d.cappedBy} cap reached)`}: ${d.reason} — ${causeText(d)}`,
      );
    line();
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
};
