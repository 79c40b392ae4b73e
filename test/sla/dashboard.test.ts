import { describe, expect, it } from 'vitest';
import { printDashboard } from '../../examples/sla-dashboard';

describe('the SLA dashboard example', () => {
  it('prints every section for its few dozen complaints', async () => {
    const lines: string[] = [];
    await printDashboard((line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).toMatch(/SLA dashboard — 2026-03-20T10:00:00\+08:00 — 36 complaints/);
    for (const section of [
      'OVERDUE NOW',
      'AT RISK',
      'DUE WITHIN 24 H',
      'BREACHED IN THE LAST 7 DAYS',
      'BY CENTRE',
      'BY CLASS',
      'WHY IS',
      'SLA history',
      'A WEEK AGO',
      'WHAT IF',
      'NOTIFICATIONS',
    ])
      expect(text).toContain(section);
    // Every overdue row says by how much.
    const overdue = lines.slice(lines.findIndex((l) => l.startsWith('OVERDUE NOW')) + 1);
    expect(overdue[0]).toMatch(/overdue \d/);
  });
});
