import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { decodeCalendar, decodeCalendarData, dayFromKey } from '../../src/calendar/index';

const valid = {
  id: 'acme',
  version: '2026-1',
  coverage: { from: '2026-01-01', to: '2026-12-31' },
  holidays: { '2026-05-01': 'Founders day' },
  makeUpWorkdays: { '2026-05-09': 'Founders day' },
  workingWeekdays: [1, 2, 3, 4, 5, 6],
};

describe('user-supplied calendar data', () => {
  it('decodes and classifies days', () => {
    const cal = decodeCalendar(valid);
    if (E.isLeft(cal)) throw new Error(cal.left.message);
    const day = (d: string) => cal.right.dayInfo(dayFromKey(d));
    expect(day('2026-05-01')).toMatchObject({ kind: 'holiday', name: 'Founders day' });
    expect(day('2026-05-09')).toMatchObject({ kind: 'makeUpWorkday', working: true });
    expect(day('2026-05-02')).toMatchObject({ kind: 'workday', working: true }); // Saturday
    expect(day('2026-05-03')).toMatchObject({ kind: 'weekend', working: false });
    expect(day('2027-05-03').covered).toBe(false);
  });

  it.each([
    [{ ...valid, coverage: { from: '2026-01-01', to: '2026-02-30' } }, 'coverage.to'],
    [{ ...valid, holidays: { '2027-01-01': 'x' } }, 'holidays.2027-01-01'],
    [{ ...valid, holidays: { '2026-13-01': 'x' } }, 'holidays.2026-13-01'],
    [{ ...valid, makeUpWorkdays: { '2026-05-01': 'x' } }, 'makeUpWorkdays.2026-05-01'],
    [{ ...valid, workingWeekdays: [] }, 'workingWeekdays'],
    [{ ...valid, workingWeekdays: [7] }, 'workingWeekdays[0]'],
    [{ ...valid, coverage: { from: '2026-06-01', to: '2026-01-01' } }, 'coverage.to'],
  ])('rejects bad data naming the field (%#)', (input, path) => {
    const result = decodeCalendarData(input);
    expect(E.isLeft(result)).toBe(true);
    if (E.isLeft(result)) expect(result.left.problems.map((p) => p.path)).toContain(path);
  });
});
