import { describe, expect, it } from 'vitest';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { hongchangScoring } from '../../src/policy/hongchang-scoring';
import type { Policy } from '../../src/policy/types';
import { hrDueDate, reportDueDate } from '../../src/scoring/due-date';
import { viewOf } from './helpers';

const NOW = Date.parse('2026-12-01T00:00:00+08:00');
const withDue = (hrDay: number, rollForward: 'none' | 'holidays' | 'nonWorkingDays'): Policy => ({
  ...hongchangPolicy,
  scoring: {
    ...hongchangScoring,
    hrDue: { dayOfMonth: hrDay, rollForward },
    report: { dueBeforeDay: 5, rollForward },
  },
});

describe('due days with holiday roll-forward (遇节假日顺延)', () => {
  it('the HR day on a public holiday moves to the next working day', () => {
    // 1 October 2026 is National Day (国庆节); the holiday runs to 7 October at least.
    const view = viewOf([], NOW, withDue(1, 'holidays'));
    const due = hrDueDate(view, '2026-09');
    expect(due.scheduled).toBe('2026-10-01');
    expect(due.rolledBecause).toContain('国庆节');
    expect(due.date > '2026-10-07').toBe(true);
    expect(
      view.calendar?.isWorking(Math.round(Date.parse(`${due.date}T00:00:00Z`) / 86_400_000)),
    ).toBe(true);
    expect(due.deadline).toBe(Date.parse(`${due.date}T00:00:00+08:00`) + 86_400_000);
  });

  it('with `holidays` a weekend day stays; with `nonWorkingDays` it moves; with `none` nothing moves', () => {
    // 10 January 2026 is an ordinary Saturday.
    const saturday = '2026-01-10';
    expect(hrDueDate(viewOf([], NOW, withDue(10, 'holidays')), '2025-12').date).toBe(saturday);
    const moved = hrDueDate(viewOf([], NOW, withDue(10, 'nonWorkingDays')), '2025-12');
    expect(moved).toMatchObject({
      date: '2026-01-12',
      scheduled: saturday,
      rolledBecause: 'weekend',
    });
    expect(hrDueDate(viewOf([], NOW, withDue(1, 'none')), '2026-09').date).toBe('2026-10-01');
  });

  it('a make-up working day (调休) on a weekend is a working day: nothing moves', () => {
    // Sunday 28 September 2026 is worked in exchange for the National Day holiday.
    const view = viewOf([], NOW, withDue(28, 'nonWorkingDays'));
    expect(hrDueDate(view, '2026-08')).toMatchObject({ date: '2026-09-28', rolledBecause: null });
  });

  it('the report is due before the 5th: its last day is the 4th, rolled forward when off', () => {
    const view = viewOf([], NOW, hongchangPolicy);
    // 4 July 2026 is a Saturday: the default rolls non-working days to Monday 6 July.
    expect(reportDueDate(view, '2026-06')).toMatchObject({
      scheduled: '2026-07-04',
      date: '2026-07-06',
    });
    // 4 March 2026 is a Wednesday.
    expect(reportDueDate(view, '2026-02')).toMatchObject({
      scheduled: '2026-03-04',
      date: '2026-03-04',
      rolledBecause: null,
    });
  });

  it('a day past the month clamps to its last day', () => {
    expect(hrDueDate(viewOf([], NOW, withDue(31, 'none')), '2026-01').date).toBe('2026-02-28');
  });

  it('a due day past the calendar data is provisional', () => {
    expect(hrDueDate(viewOf([], NOW, withDue(10, 'holidays')), '2099-05').provisional).toBe(true);
    expect(hrDueDate(viewOf([], NOW, withDue(10, 'holidays')), '2026-05').provisional).toBe(false);
  });
});
