import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorking,
  CalendarTrace,
  calendarFromData,
  countWorking,
  dayOf,
  formatInZone,
  fromWall,
  subtractWorking,
  toWall,
  workingTime,
} from '../../src/calendar/index';

const HOUR = 3_600_000;
const cal = calendarFromData({
  id: 'test',
  version: '1',
  coverage: { from: '2026-01-01', to: '2026-12-31' },
  holidays: { '2026-03-04': 'Midweek holiday' },
  makeUpWorkdays: { '2026-03-07': 'Midweek holiday' },
});
const wt = workingTime('Asia/Shanghai', cal, {
  id: 'test',
  workdayStart: '09:00',
  workdayEnd: '18:00',
});
const at = (iso: string) => Date.parse(iso);

describe('time zones through Intl', () => {
  it('converts wall time both ways in Shanghai and across a DST change', () => {
    expect(formatInZone('Asia/Shanghai', at('2026-03-02T16:30:00Z'))).toBe(
      '2026-03-03T00:30:00+08:00',
    );
    expect(dayOf('Asia/Shanghai', at('2026-03-02T16:30:00Z'))).toBe(
      dayOf('UTC', at('2026-03-03T00:00:00Z')),
    );
    // New York springs forward on 8 March 2026: 02:30 does not exist, it reads as 03:30 EDT.
    const wall = Date.UTC(2026, 2, 8, 2, 30);
    expect(formatInZone('America/New_York', fromWall('America/New_York', wall))).toBe(
      '2026-03-08T03:30:00-04:00',
    );
  });

  it('round-trips any instant through wall time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom('Asia/Shanghai', 'UTC', 'Asia/Kathmandu', 'Australia/Adelaide'),
        (t, zone) => fromWall(zone, toWall(zone, t)) === t,
      ),
    );
  });
});

describe('working time', () => {
  it('counts only working hours of working days, make-up days included', () => {
    // Tue 3 Mar 17:00 → Mon 9 Mar 10:00 (Shanghai): Tue 1 h, Wed holiday, Thu 9, Fri 9,
    // Sat make-up 9, Mon 1 = 29 h.
    const trace = new CalendarTrace(true);
    expect(countWorking(wt, at('2026-03-03T09:00:00Z'), at('2026-03-09T02:00:00Z'), trace)).toBe(
      29 * HOUR,
    );
    expect(
      trace.excluded?.some((e) => e.reason === 'holiday' && e.note === 'Midweek holiday'),
    ).toBe(true);
    expect(trace.excluded?.some((e) => e.reason === 'weekend')).toBe(true);
    expect(trace.counted?.length).toBe(5);
  });

  it('adds and subtracts consistently', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2026-11-01T00:00:00Z') }),
        fc.integer({ min: 1, max: 200 * HOUR }),
        (from, amount) => {
          const due = addWorking(wt, from, amount);
          expect(countWorking(wt, from, due)).toBe(amount);
          const back = subtractWorking(wt, due, amount);
          expect(countWorking(wt, back, due)).toBe(amount);
          expect(back).toBeGreaterThanOrEqual(from);
        },
      ),
    );
  });

  it('ends a working day at its close, not the next morning', () => {
    expect(addWorking(wt, at('2026-03-03T01:00:00Z'), 9 * HOUR)).toBe(at('2026-03-03T10:00:00Z'));
  });

  it('flags days past the coverage as provisional', () => {
    const trace = new CalendarTrace();
    addWorking(wt, at('2026-12-31T08:00:00Z'), 4 * HOUR, trace);
    expect(trace.provisional).toBe(true);
    expect(trace.uncovered[0]).toBe('2027-01-01');
  });
});
