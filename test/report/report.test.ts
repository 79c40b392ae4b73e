import * as E from 'fp-ts/Either';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../adapters/memory/index';
import { handleCentreCommand } from '../../src/centre/handler';
import { seedDemo } from '../../src/cli/demo/seed';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { renderHtml } from '../../src/report/html';
import { renderMarkdown } from '../../src/report/markdown';
import { buildMonthlyReport, type MonthlyReport } from '../../src/report/model';
import type { StoredEvent } from '../../src/store/envelope';
import { viewOf } from '../scoring/helpers';

const JULY = Date.parse('2026-07-01T00:00:00+08:00');
const events: StoredEvent[] = [];
let report: MonthlyReport;

beforeAll(async () => {
  const store = createMemoryEventStore();
  const seeded = await seedDemo(store, hongchangPolicy, { lastMonth: '2026-06' });
  if (E.isLeft(seeded)) throw new Error(seeded.left.message);
  // A centre whose name needs escaping in HTML.
  const renamed = await handleCentreCommand(store, {
    type: 'RegisterCentre',
    centre: 'delivery',
    at: '2026-07-05T00:00:00Z',
    name: 'Delivery <R&D>',
  });
  if (E.isLeft(renamed)) throw new Error('rename refused');
  for await (const batch of store.readAll()) if (E.isRight(batch)) events.push(...batch.right);
  report = buildMonthlyReport(viewOf(events, JULY), '2026-06');
});

describe('the monthly complaint analysis report (客户投诉分析报告)', () => {
  it('names the remediation plan with its months and scores, the star and the due dates', () => {
    expect(report.flags).toHaveLength(1);
    const flag = report.flags[0]!;
    expect(flag.centre).toBe('call-centre');
    expect(flag.months.map((m) => m.month)).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(flag.months.every((m) => m.score < 80)).toBe(true);
    expect(report.ranking).toMatchObject({
      quarter: '2026-Q2',
      complete: true,
      star: 'service-management',
    });
    expect(report.due.report).toMatchObject({
      scheduled: '2026-07-04',
      date: '2026-07-06',
      rolledBecause: 'weekend',
    });
    expect(report.final).toBe(true);
  });

  it('lists every breach of the month with its explanation and the points it cost', () => {
    const deductedPerClock = new Map(
      report.scores.flatMap((s) =>
        s.deductions.flatMap((d) =>
          d.cause.kind === 'clock' ? [[d.cause.clockId, d.points] as const] : [],
        ),
      ),
    );
    expect(report.breaches.length).toBeGreaterThan(0);
    expect(report.breaches.length).toBe(report.breachesByStep.reduce((t, x) => t + x.count, 0));
    for (const b of report.breaches) {
      expect(b.explanation.length).toBeGreaterThan(2);
      expect(b.explanation[0]).toContain(b.clockId);
      expect(b.points).toBe(deductedPerClock.get(b.clockId) ?? 0);
      expect(b.dueAt).toBeGreaterThanOrEqual(Date.parse('2026-06-01T00:00:00+08:00'));
    }
    const sumOfDeductions = report.scores.map((s) =>
      s.deductions.reduce((t, d) => t + d.points, 0),
    );
    expect(sumOfDeductions).toEqual(report.scores.map((s) => s.deducted));
  });

  it('counts, indicators and causes add up', () => {
    expect(report.counts.received).toBe(24);
    expect(report.counts.byCentre.reduce((t, x) => t + x.count, 0)).toBe(24);
    expect(report.counts.byClass.reduce((t, x) => t + x.count, 0)).toBe(24);
    expect(report.topCauses.departments.reduce((t, x) => t + x.count, 0)).toBe(24);
    expect(report.indicators.map((i) => i.centre)).toEqual(report.scores.map((s) => s.centre));
    expect(report.indicators.every((i) => i.serviceQuality.index !== null)).toBe(true);
    expect(report.trend.months).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
  });

  it('renders Markdown with every section', () => {
    const md = renderMarkdown(report);
    for (const heading of [
      '# 客户投诉分析报告',
      '## 1. Complaints received',
      '## 2. Centre scores',
      '## 3. Indicators',
      '## 4. Quarterly ranking 2026-Q2',
      '## 5. Remediation plans',
      '## 6. Top causes',
      '## 7. Breaches',
      '## Appendix: every deduction and its cause',
    ])
      expect(md).toContain(heading);
    expect(md).toContain('2026-04: 63');
    expect(md).toContain(
      'Star customer service centre: **Service management centre 服务管理中心**',
    );
  });

  it('renders one self-contained HTML page with two SVG charts, escaping what it prints', () => {
    const html = renderHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|<link|\ssrc=|\shref=|@import|url\(/i);
    expect(html.includes('Delivery &lt;R&amp;D&gt;')).toBe(true);
    expect(html.includes('Delivery <R&D>')).toBe(false);
    expect(html).toContain('Score trend per centre');
    expect(html).toContain('Breaches per step');
  });

  it('is the same on every build from the same events', () => {
    const again = buildMonthlyReport(viewOf(events, JULY), '2026-06');
    expect(renderHtml(again)).toBe(renderHtml(report));
    expect(renderMarkdown(again)).toBe(renderMarkdown(report));
  });

  it('mid-quarter, the ranking covers the months so far', () => {
    const may = buildMonthlyReport(viewOf(events, JULY), '2026-05');
    expect(may.ranking.complete).toBe(false);
    expect(may.ranking.ranking[0]?.months.map((m) => m.month)).toEqual(['2026-04', '2026-05']);
    expect(may.flags).toEqual([]);
  });
});
