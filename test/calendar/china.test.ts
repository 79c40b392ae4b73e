import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import {
  CHINESE_DAYS_VERSION,
  chinaCalendarFromChineseDays,
  chinaMainlandCalendar,
  chinaMainlandCalendarData,
  dayFromKey,
} from '../../src/calendar/index';

const info = (date: string) => chinaMainlandCalendar.dayInfo(dayFromKey(date));

describe('the China mainland calendar (chinese-days)', () => {
  it('is built on the pinned chinese-days version', () => {
    const installed = JSON.parse(
      readFileSync(
        new URL('../../node_modules/chinese-days/package.json', import.meta.url),
        'utf8',
      ),
    ) as { version: string };
    const manifest = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { dependencies: Record<string, string> };
    expect(installed.version).toBe(CHINESE_DAYS_VERSION);
    // An exact pin: a new year of holiday data is a deliberate upgrade, not a surprise.
    expect(manifest.dependencies['chinese-days']).toBe(CHINESE_DAYS_VERSION);
    expect(chinaMainlandCalendar.version).toBe(`chinese-days@${CHINESE_DAYS_VERSION}`);
  });

  it('knows make-up working days (调休) on weekends', () => {
    // 2026: 4 Jan (Sun), 14 and 28 Feb (Sat), 9 May (Sat), 20 Sep (Sun), 10 Oct (Sat).
    for (const date of [
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ])
      expect(info(date)).toMatchObject({ kind: 'makeUpWorkday', working: true, covered: true });
    expect(info('2026-02-14').name).toContain('春节');
  });

  it('knows public holidays, including those on weekdays', () => {
    expect(info('2026-10-01')).toMatchObject({ kind: 'holiday', working: false });
    expect(info('2026-10-01').name).toContain('国庆节');
    expect(info('2026-02-16')).toMatchObject({ kind: 'holiday', working: false }); // Monday
    expect(info('2026-01-01')).toMatchObject({ kind: 'holiday', working: false });
  });

  it('classifies ordinary days by the week', () => {
    expect(info('2026-03-03')).toMatchObject({ kind: 'workday', working: true });
    expect(info('2026-03-07')).toMatchObject({ kind: 'weekend', working: false });
  });

  it('has a coverage horizon: the last year the data knows', () => {
    const data = chinaMainlandCalendarData();
    expect(data.coverage.to).toBe('2026-12-31');
    expect(data.coverage.from <= '2010-01-01').toBe(true);
    expect(info('2026-12-31').covered).toBe(true);
    const beyond = info('2027-01-01');
    expect(beyond.covered).toBe(false);
    // Past the data, the weekly pattern is all there is: that is why such days are flagged.
    expect(beyond.kind).toBe('workday');
  });
});

describe('independence from the machine time zone', () => {
  it('builds the same China calendar data when the machine runs on Los Angeles time', async () => {
    const { execFileSync } = await import('node:child_process');
    const script =
      "import('./src/calendar/china.ts').then((m) => process.stdout.write(JSON.stringify(m.chinaMainlandCalendarData())))";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: new URL('../..', import.meta.url),
      env: { ...process.env, TZ: 'America/Los_Angeles' },
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual(chinaMainlandCalendarData());
  });
});

describe('reading chinese-days data', () => {
  it('takes the unbroken run of years up to the newest as its coverage', () => {
    const result = chinaCalendarFromChineseDays({
      holidays: {
        '2020-01-01': 'x',
        '2024-01-01': "New Year's Day,元旦,1",
        '2025-10-01': 'National Day,国庆节,3',
      },
      workdays: { '2025-09-28': 'National Day,国庆节,3' },
    });
    if (E.isLeft(result)) throw new Error(result.left.message);
    expect(result.right.coverage).toEqual({ from: '2024-01-01', to: '2025-12-31' });
    expect(result.right.holidays).toEqual({
      '2024-01-01': "元旦 New Year's Day",
      '2025-10-01': '国庆节 National Day',
    });
    expect(result.right.makeUpWorkdays).toEqual({ '2025-09-28': '国庆节 National Day' });
  });

  it('refuses data of another shape, naming the field', () => {
    const result = chinaCalendarFromChineseDays({ holidays: [] });
    expect(E.isLeft(result) && result.left.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['holidays', 'workdays']),
    );
  });
});
