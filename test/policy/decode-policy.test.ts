import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { decodePolicy } from '../../src/policy/validate';
import type { DecodeError } from '../../src/shared/decode';

// biome-ignore lint/suspicious/noExplicitAny: tests break a policy in places its type forbids
type Json = any;

/** The default policy as a JSON document, for breaking one field at a time. */
const json = (): Json => JSON.parse(JSON.stringify(hongchangPolicy));

const errorOf = (input: unknown): DecodeError => {
  const result = decodePolicy(input);
  if (E.isRight(result)) throw new Error('expected the policy to be rejected');
  return result.left;
};

/** The paths of every problem, to assert that the bad field is named. */
const pathsOf = (input: unknown) => errorOf(input).problems.map((p) => p.path);

describe('decodePolicy accepts good policies', () => {
  it('the default policy decodes to itself', () => {
    expect(decodePolicy(hongchangPolicy)).toEqual(E.right(hongchangPolicy));
  });

  it('the default policy read back from JSON decodes to an equal value', () => {
    expect(decodePolicy(json())).toEqual(E.right(hongchangPolicy));
  });

  it('a policy without a default notice deadline but with a cap decodes', () => {
    const p = json();
    p.rectification = { defaultNoticeHours: null, maxNoticeHours: 240 };
    expect(E.isRight(decodePolicy(p))).toBe(true);
  });
});

describe('decodePolicy names the field of a malformed policy', () => {
  it('a wrong type deep inside a class', () => {
    const p = json();
    p.classes.general.steps[0].limit.hours = '48';
    const error = errorOf(p);
    expect(error.problems[0]).toMatchObject({
      path: 'classes.general.steps[0].limit.hours',
      expected: 'PositiveNumber',
      actual: '48',
    });
    expect(error.message).toContain('policy: classes.general.steps[0].limit.hours');
  });

  it('a limit of an unknown kind', () => {
    const p = json();
    p.classes.invalid.steps[1].limit = { kind: 'weeks', weeks: 1 };
    expect(pathsOf(p)).toEqual(['classes.invalid.steps[1].limit']);
  });

  it('a list where a list belongs, and a step that does not exist', () => {
    const p = json();
    p.classes.general.steps[1].after = 'verify';
    p.classes.general.steps[2].step = 'celebrate';
    expect(pathsOf(p)).toEqual(['classes.general.steps[1].after', 'classes.general.steps[2].step']);
  });

  it('an unknown time zone', () => {
    const p = json();
    p.timeZone = 'Asia/Beijing';
    const error = errorOf(p);
    expect(error.problems).toEqual([
      expect.objectContaining({ path: 'timeZone', actual: 'Asia/Beijing' }),
    ]);
    expect(error.message).toContain('unknown IANA time zone "Asia/Beijing"');
  });

  it('a class with no close step', () => {
    const p = json();
    p.classes.invalid.steps = p.classes.invalid.steps.filter((s: Json) => s.step !== 'close');
    const error = errorOf(p);
    expect(error.problems.map((x) => x.path)).toContain('classes.invalid.steps');
    expect(error.message).toMatch(/classes\.invalid\.steps: every class needs a "close" step/);
  });

  it('a close step without a limit', () => {
    const p = json();
    p.classes.general.steps[3].limit = null;
    expect(pathsOf(p)).toEqual(['classes.general.steps[3].limit']);
  });

  it('a step after a prerequisite that is not in the class', () => {
    const p = json();
    p.classes.general.steps[1].after = ['verify', 'draftSolution'];
    const error = errorOf(p);
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: 'classes.general.steps[1].after[1]',
        actual: 'draftSolution',
      }),
    ]);
  });

  it('a prerequisite that comes later in the step order', () => {
    const p = json();
    p.classes.general.steps[0].after = ['sign'];
    expect(errorOf(p).message).toContain(
      'classes.general.steps[0].after[0]: "sign" comes later in the step order',
    );
  });

  it('a service-quality class without rectify', () => {
    const p = json();
    const cls = p.classes.generalServiceQuality;
    cls.steps = cls.steps
      .filter((s: Json) => s.step !== 'rectify')
      .map((s: Json) => ({ ...s, after: s.after.filter((a: string) => a !== 'rectify') }));
    cls.steps.find((s: Json) => s.step === 'accept').from = 'issueNotice';
    cls.refusalReopens = ['issueNotice', 'accept'];
    const error = errorOf(p);
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: 'classes.generalServiceQuality.steps',
        message: 'a service-quality class needs the "rectify" step',
      }),
    ]);
  });

  it('a step that counts from a step its class does not have', () => {
    const p = json();
    p.classes.general.steps[2].from = 'draftSolution';
    expect(pathsOf(p)).toEqual(['classes.general.steps[2].from']);
  });

  it('a step listed twice', () => {
    const p = json();
    p.classes.invalid.steps.splice(1, 0, p.classes.invalid.steps[0]);
    expect(pathsOf(p)).toEqual(['classes.invalid.steps[1].step']);
  });

  it('a notice deadline on a step other than rectify, and rectify without one', () => {
    const p = json();
    p.classes.generalServiceQuality.steps[1].limit = { kind: 'notice' };
    p.classes.majorServiceQuality.steps[4].limit = { kind: 'hours', hours: 72 };
    expect(pathsOf(p)).toEqual([
      'classes.generalServiceQuality.steps[1].limit',
      'classes.majorServiceQuality.steps[4].limit',
    ]);
  });

  it('a revisit that does not count from the close', () => {
    const p = json();
    p.classes.general.steps[4].from = 'received';
    expect(pathsOf(p)).toEqual(['classes.general.steps[4].from']);
  });

  it('a close or revisit marked required before closing', () => {
    const p = json();
    p.classes.general.steps[3].requiredToClose = true;
    p.classes.general.steps[4].requiredToClose = true;
    expect(pathsOf(p)).toEqual([
      'classes.general.steps[3].requiredToClose',
      'classes.general.steps[4].requiredToClose',
    ]);
  });

  it('a refusal that reopens the close, or a step not in the class', () => {
    const p = json();
    p.classes.invalid.refusalReopens = ['explain', 'close'];
    p.classes.general.refusalReopens = ['negotiate', 'sign', 'rectify'];
    expect(pathsOf(p)).toEqual([
      'classes.invalid.refusalReopens[1]',
      'classes.general.refusalReopens[2]',
    ]);
  });

  it('a refusal that reopens a step but not the steps that rest on it', () => {
    const p = json();
    p.classes.general.refusalReopens = ['negotiate'];
    p.classes.majorServiceQuality.refusalReopens = ['issueNotice', 'rectify'];
    const error = errorOf(p);
    expect(error.problems.map((x) => [x.path, x.message])).toEqual([
      [
        'classes.general.refusalReopens[0]',
        'reopening "negotiate" must also reopen "sign", which comes after it',
      ],
      [
        'classes.majorServiceQuality.refusalReopens[1]',
        'reopening "rectify" must also reopen "accept", which comes after it',
      ],
    ]);
  });

  it('a coordination meeting that settles steps it cannot settle', () => {
    const p = json();
    // A class that holds no meeting has nothing for one to settle.
    p.classes.general.coordinationMeetingSettles = ['negotiate'];
    // Not a step of the class; the close; a step of the rectification service quality needs.
    p.classes.majorServiceQuality.coordinationMeetingSettles = [
      'negotiate',
      'sign',
      'close',
      'rectify',
    ];
    const error = errorOf(p);
    expect(error.problems.map((x) => [x.path, x.message])).toEqual([
      [
        'classes.general.coordinationMeetingSettles',
        'the class holds no coordination meeting (coordinationMeeting is false)',
      ],
      [
        'classes.majorServiceQuality.coordinationMeetingSettles[1]',
        '"sign" is not a step of this class',
      ],
      [
        'classes.majorServiceQuality.coordinationMeetingSettles[2]',
        'the meeting cannot settle "close"',
      ],
      [
        'classes.majorServiceQuality.coordinationMeetingSettles[3]',
        'a service-quality complaint closes only after its own rectification and acceptance: the meeting cannot settle "rectify"',
      ],
    ]);
  });

  it('a policy written before coordinationMeetingSettles existed still decodes', () => {
    const p = json();
    delete p.classes.majorServiceQuality.coordinationMeetingSettles;
    const decoded = decodePolicy(p);
    if (E.isLeft(decoded)) throw new Error(decoded.left.message);
    expect(decoded.right.classes.majorServiceQuality).not.toHaveProperty(
      'coordinationMeetingSettles',
    );
  });

  it('a class id that is not an id is named, not silently dropped', () => {
    const p = json();
    p.classes['major complaints'] = p.classes.majorServiceQuality;
    expect(pathsOf(p)).toEqual(['classes.major complaints']);
  });

  it('no classes at all', () => {
    const p = json();
    p.classes = {};
    expect(pathsOf(p)).toEqual(['classes']);
  });

  it('settings of the wrong type or out of range', () => {
    const p = json();
    p.atRiskShare = 1.5;
    p.monthEnd = 'round';
    p.rectification.maxNoticeHours = -1;
    p.reclassification = { allowed: 'yes' };
    expect(pathsOf(p)).toEqual([
      'atRiskShare',
      'monthEnd',
      'rectification.maxNoticeHours',
      'reclassification.allowed',
    ]);
  });

  it('working hours that are not HH:MM', () => {
    const p = json();
    p.calendar.workdayStart = 'nine';
    expect(pathsOf(p)).toEqual(['calendar.workdayStart']);
  });

  it('working hours that end before they start, and a notice default above the cap', () => {
    const p = json();
    p.calendar.workdayEnd = '08:00';
    p.rectification = { defaultNoticeHours: 100, maxNoticeHours: 48 };
    expect(pathsOf(p)).toEqual(['calendar.workdayEnd', 'rectification.defaultNoticeHours']);
  });

  it('not an object at all', () => {
    expect(pathsOf(null)).toEqual(['(root)']);
    expect(pathsOf('hongchang')).toEqual(['(root)']);
  });

  it('missing fields are each named', () => {
    const { timeZone: _tz, classes: _c, ...rest } = json();
    expect(pathsOf(rest)).toEqual(['timeZone', 'classes']);
  });
});
