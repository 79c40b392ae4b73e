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
import { causeText, describeDue } from './markdown';
import type { MonthlyReport } from './model';
import { barChart, escapeXml as esc, lineChart } from './svg';

const STYLE = `
body{font-family:"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2430}
main{max-width:1120px;margin:0 auto;padding:24px 32px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;border-bottom:2px solid #e3e6ea;padding-bottom:4px}
.meta{color:#566070;font-size:14px;line-height:1.6}.meta b{color:#1d2430}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{flex:1 1 150px;border:1px solid #e3e6ea;border-radius:8px;padding:10px 14px}
.card .v{font-size:26px;font-weight:700}.card .k{font-size:13px;color:#566070}
table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0 16px}
th,td{border-bottom:1px solid #e3e6ea;padding:6px 8px;text-align:right;vertical-align:top}
th.l,td.l{text-align:left}th{background:#f0f2f5;font-weight:600}
.low{color:#b3261e;font-weight:700}.star{color:#b8860b;font-weight:700}
.flag{background:#fdecea;border-left:4px solid #b3261e;padding:8px 12px;margin:8px 0}
.ok{background:#e8f5e9;border-left:4px solid #2e7d32;padding:8px 12px;margin:8px 0}
.cols{display:flex;gap:24px;flex-wrap:wrap}.cols>div{flex:1 1 300px}
details{border:1px solid #e3e6ea;border-radius:6px;margin:6px 0;padding:6px 10px;font-size:14px}
summary{cursor:pointer}details ul{margin:6px 0 4px;padding-left:20px;color:#394150}
.chart-title{font-size:15px;font-weight:600;fill:#1d2430}.tick{font-size:12px;fill:#566070}
.legend{font-size:13px;fill:#1d2430}.grid{stroke:#e3e6ea}.threshold{stroke:#b3261e;stroke-dasharray:6 4}
.threshold-label{font-size:12px;fill:#b3261e}
ul.ded{font-size:13px;color:#394150}.muted{color:#566070}
`;

/** `left`: how many leading columns hold text (left-aligned); the rest are figures. */
const table = (head: readonly string[], rows: readonly (readonly string[])[], left = 1): string => {
  const cls = (i: number) => (i < left ? ' class="l"' : '');
  return `<table><thead><tr>${head.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
};

/** The report as one self-contained HTML page (inline CSS and SVG, no script). */
export const renderHtml = (r: MonthlyReport): string => {
  const threshold = r.trend.threshold;
  const scoreCell = (score: number) =>
    score < threshold ? `<span class="low">${points(score)}</span>` : points(score);
  const breachCount = r.breachesByStep.reduce((t, x) => t + x.count, 0);
  const s: string[] = [];
  s.push(`<h1>客户投诉分析报告 Complaint analysis report — ${esc(r.month)}</h1>`);
  s.push(
    `<div class="meta">Policy <b>${esc(r.policy.name)}</b> (${esc(r.policy.id)} ${esc(r.policy.version)}), times in ${esc(r.zone)}<br>` +
      `As of <b>${esc(localTime(r, r.asOf))}</b>${r.final ? '' : ' — the month is not over: figures so far'}<br>` +
      `Report due by <b>${esc(describeDue(r.due.report))}</b> · Scores due to HR by <b>${esc(describeDue(r.due.hr))}</b></div>`,
  );
  const star = r.ranking.star === null ? '—' : esc(centreLabel(r, r.ranking.star));
  s.push(
    `<div class="cards">` +
      `<div class="card"><div class="v">${r.counts.received}</div><div class="k">complaints received</div></div>` +
      `<div class="card"><div class="v">${r.counts.open}</div><div class="k">still open</div></div>` +
      `<div class="card"><div class="v">${breachCount}</div><div class="k">deadlines breached</div></div>` +
      `<div class="card"><div class="v">${r.counts.repeat}</div><div class="k">repeat complaints 反复投诉</div></div>` +
      `<div class="card"><div class="v">${r.flags.length}</div><div class="k">remediation plans due</div></div>` +
      `<div class="card"><div class="v star" style="font-size:16px">★ ${star}</div><div class="k">star centre ${esc(r.ranking.quarter)}</div></div>` +
      `</div>`,
  );

  s.push('<h2>Centre scores 月度考评</h2>');
  s.push(
    table(
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
      r.scores.map((x) => [
        esc(centreLabel(r, x.centre)),
        scoreCell(x.score),
        x.previous === null ? '—' : signed(Math.round((x.score - x.previous) * 100) / 100),
        points(x.deducted),
        `${x.byCategory.breach.count} (−${points(x.byCategory.breach.points)})`,
        `${x.byCategory.failedInspection.count} (−${points(x.byCategory.failedInspection.points)})`,
        `${x.byCategory.missedRevisit.count} (−${points(x.byCategory.missedRevisit.points)})`,
        `${x.byCategory.repeatComplaint.count} (−${points(x.byCategory.repeatComplaint.points)})`,
        `${x.byCategory.customerRefusal.count} (−${points(x.byCategory.customerRefusal.points)})`,
      ]),
    ),
  );
  s.push(
    lineChart({
      title: `Score trend per centre, ${r.trend.months[0]} – ${r.month}`,
      xLabels: r.trend.months,
      series: r.trend.series.map((x) => ({ label: centreLabel(r, x.centre), values: x.scores })),
      threshold,
    }),
  );

  s.push('<h2>Remediation plans 整改计划</h2>');
  if (r.flags.length === 0)
    s.push(
      '<div class="ok">No centre has been below the threshold long enough to need a written plan.</div>',
    );
  for (const f of r.flags)
    s.push(
      `<div class="flag"><b>${esc(centreLabel(r, f.centre))}</b> scored below ${points(f.threshold)} for ${f.months.length} consecutive months (${f.months
        .map((m) => `${esc(m.month)}: <b>${points(m.score)}</b>`)
        .join(
          ', ',
        )}): a written remediation plan is required (due since ${esc(f.raisedIn)}).</div>`,
    );

  s.push(
    `<h2>Quarterly ranking ${esc(r.ranking.quarter)}${r.ranking.complete ? '' : ' (quarter to date)'}</h2>`,
  );
  s.push(
    table(
      ['Rank', 'Centre', 'Average', 'Months', 'Lowest', 'Breaches', 'Placed by'],
      r.ranking.ranking.map((x) => [
        x.star ? `<span class="star">${x.rank} ★</span>` : String(x.rank),
        esc(centreLabel(r, x.centre)) +
          (x.star ? ' <span class="star">明星客户服务中心</span>' : ''),
        scoreCell(x.average),
        x.months.map((m) => `${esc(m.month)}: ${points(m.score)}`).join('<br>'),
        points(x.lowest),
        String(x.breaches),
        esc(RULE_LABEL[x.decidedBy] ?? x.decidedBy),
      ]),
      2,
    ),
  );

  s.push('<h2>Indicators</h2>');
  s.push(
    table(
      [
        'Centre',
        'Complaints',
        'Timeliness 及时率',
        'Resolution 解决率',
        'Satisfaction 满意度',
        'Avg / p90 response',
        'Revisit in time',
        'Repeats',
        'Service quality 服务质量指标',
      ],
      r.indicators.map((i) => [
        esc(centreLabel(r, i.centre)),
        String(i.complaints),
        `${percent(i.timeliness.rate)} <span class="muted">(${i.timeliness.numerator}/${i.timeliness.denominator})</span>`,
        `${percent(i.resolution.rate)} <span class="muted">(${i.resolution.numerator}/${i.resolution.denominator})</span>`,
        percent(i.satisfaction.rate),
        `${hours(i.responseTime.averageMs)} / ${hours(i.responseTime.percentileMs)}`,
        percent(i.revisitInTime.rate),
        String(i.repeatComplaints),
        i.serviceQuality.index === null
          ? `— <span class="muted">missing ${esc(i.serviceQuality.missing.join(', '))}</span>`
          : `${percent(i.serviceQuality.index)} <span class="muted">(${i.serviceQuality.monitoring?.score}+${i.serviceQuality.testCall?.score})/2 − ${i.serviceQuality.complaints}×${i.serviceQuality.coefficient}</span>`,
      ]),
    ),
  );

  s.push('<h2>Complaints received</h2><div class="cols">');
  s.push(
    `<div>${table(
      ['Class', 'Complaints'],
      r.counts.byClass.map((x) => [esc(classLabel(x.key)), String(x.count)]),
    )}</div>`,
  );
  s.push(
    `<div>${table(
      ['Channel', 'Complaints'],
      r.counts.byChannel.map((x) => [esc(CHANNEL_LABEL[x.key] ?? x.key), String(x.count)]),
    )}</div>`,
  );
  s.push(
    `<div>${table(
      ['Centre', 'Complaints'],
      r.counts.byCentre.map((x) => [esc(centreLabel(r, x.key)), String(x.count)]),
    )}</div>`,
  );
  s.push('</div>');

  s.push('<h2>Top causes</h2><div class="cols">');
  s.push(
    `<div>${table(
      ['Responsible department 相关部门', 'Complaints'],
      r.topCauses.departments.map((x) => [esc(x.key), String(x.count)]),
    )}</div>`,
  );
  s.push(
    `<div>${table(
      ['Deducted for', 'Times', 'Points'],
      r.topCauses.deductions.map((x) => [esc(x.key), String(x.count), points(x.points)]),
    )}</div>`,
  );
  s.push('</div>');

  s.push('<h2>Breaches</h2>');
  s.push(
    barChart({
      title: 'Breaches per step',
      bars: r.breachesByStep.map((x) => ({ label: stepLabel(x.key), value: x.count })),
    }),
  );
  for (const b of r.breaches) {
    const late = b.open
      ? `still open, ${hours(b.overdueMs)} overdue`
      : b.stoppedAt === null
        ? 'cancelled after its due time'
        : `${hours(b.overdueMs)} late`;
    s.push(
      `<details><summary><b>${esc(b.clockId)}</b> — ${esc(centreLabel(r, b.centre))}, ${esc(classLabel(b.complaintClass))}: ${esc(stepLabel(b.step))} due ${esc(localTime(r, b.dueAt))}, ${esc(late)}, −${points(b.points)}</summary><ul>${b.explanation
        .map((e) => `<li>${esc(e)}</li>`)
        .join('')}</ul></details>`,
    );
  }
  if (r.breachesOmitted > 0)
    s.push(`<p class="muted">… and ${r.breachesOmitted} more breaches not listed.</p>`);
  if (r.breaches.length === 0) s.push('<div class="ok">No deadline was breached this month.</div>');

  s.push('<h2>Every deduction and its cause</h2>');
  for (const x of r.scores) {
    s.push(
      `<details><summary><b>${esc(centreLabel(r, x.centre))}</b>: ${points(x.startingScore)} − ${points(x.deducted)} = ${scoreCell(x.score)} (${x.deductions.length} items)</summary><ul class="ded">${x.deductions
        .map(
          (d) =>
            `<li>−${points(d.points)}${d.cappedBy === null ? '' : ` (of ${points(d.nominal)}; ${esc(d.cappedBy)} cap reached)`}: ${esc(d.reason)} — <span class="muted">${esc(causeText(d))}</span></li>`,
        )
        .join('')}</ul></details>`,
    );
  }

  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>客户投诉分析报告 ${esc(r.month)}</title><style>${STYLE}</style></head>
<body><main>${s.join('\n')}</main></body></html>
`;
};
