import * as E from 'fp-ts/Either';
import { type DecodeError, type DecodeProblem, decodeError, decodeWith } from '../shared/decode';
import { scoringProblems } from './scoring';
import type { StepKind } from './steps';
import { CLASS_ID, type Policy, Policy as PolicyCodec } from './types';

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The steps a service-quality class closes only after (a hard rule of the sources). */
const SERVICE_QUALITY_STEPS: readonly StepKind[] = ['issueNotice', 'rectify', 'accept'];

/** Rules a well-typed policy must also satisfy; each problem names its field. */
const semanticProblems = (policy: Policy): DecodeProblem[] => {
  const problems: DecodeProblem[] = [];
  const add = (path: string, message: string, actual: unknown) =>
    problems.push({ path, expected: 'valid policy', actual, message });

  if (!isTimeZone(policy.timeZone))
    add('timeZone', `unknown IANA time zone "${policy.timeZone}"`, policy.timeZone);
  if (!HH_MM.test(policy.calendar.workdayStart))
    add('calendar.workdayStart', 'expected HH:MM', policy.calendar.workdayStart);
  if (!HH_MM.test(policy.calendar.workdayEnd))
    add('calendar.workdayEnd', 'expected HH:MM', policy.calendar.workdayEnd);
  else if (
    HH_MM.test(policy.calendar.workdayStart) &&
    policy.calendar.workdayEnd <= policy.calendar.workdayStart
  )
    add('calendar.workdayEnd', 'must be after workdayStart', policy.calendar.workdayEnd);
  const { defaultNoticeHours, maxNoticeHours } = policy.rectification;
  if (defaultNoticeHours !== null && maxNoticeHours !== null && defaultNoticeHours > maxNoticeHours)
    add(
      'rectification.defaultNoticeHours',
      'exceeds rectification.maxNoticeHours',
      defaultNoticeHours,
    );

  const classIds = Object.keys(policy.classes);
  if (classIds.length === 0) add('classes', 'a policy needs at least one class', policy.classes);

  for (const [classId, cls] of Object.entries(policy.classes)) {
    const base = `classes.${classId}`;
    if (!CLASS_ID.test(classId))
      add(base, 'a class id is a letter then up to 63 letters, digits, "-" or "_"', classId);
    const kinds = cls.steps.map((s) => s.step);
    const present = new Set(kinds);
    cls.steps.forEach((rule, i) => {
      const at = `${base}.steps[${i}]`;
      if (kinds.indexOf(rule.step) !== i)
        add(`${at}.step`, `step "${rule.step}" listed twice`, rule.step);
      if (rule.from !== 'received' && rule.from !== 'classified' && !present.has(rule.from))
        add(
          `${at}.from`,
          `counts from "${rule.from}", which is not a step of this class`,
          rule.from,
        );
      if (rule.from === rule.step) add(`${at}.from`, 'a step cannot count from itself', rule.from);
      rule.after.forEach((prereq, j) => {
        if (!present.has(prereq))
          add(`${at}.after[${j}]`, `"${prereq}" is not a step of this class`, prereq);
        else if (kinds.indexOf(prereq) > i && rule.step !== 'revisit')
          add(`${at}.after[${j}]`, `"${prereq}" comes later in the step order`, prereq);
      });
      if (rule.limit?.kind === 'notice' && rule.step !== 'rectify')
        add(
          `${at}.limit`,
          'only the rectify step counts to the deadline written on a notice',
          rule.limit,
        );
      if (rule.step === 'rectify' && rule.limit !== null && rule.limit.kind !== 'notice')
        add(
          `${at}.limit`,
          'the rectify step counts to each notice\'s deadline: use { kind: "notice" }',
          rule.limit,
        );
      if (rule.step === 'revisit' && rule.from !== 'close')
        add(`${at}.from`, 'the revisit counts from closure', rule.from);
      if ((rule.step === 'close' || rule.step === 'revisit') && rule.requiredToClose)
        add(`${at}.requiredToClose`, `"${rule.step}" cannot be required before closing`, true);
    });
    if (!present.has('close'))
      add(
        `${base}.steps`,
        'every class needs a "close" step: every complaint has a deadline for being closed',
        kinds,
      );
    else {
      const close = cls.steps.find((s) => s.step === 'close');
      if (close?.limit == null)
        add(
          `${base}.steps[${kinds.indexOf('close')}].limit`,
          'the close step needs a limit: every complaint has a deadline for being closed',
          null,
        );
    }
    if (cls.serviceQuality) {
      for (const needed of SERVICE_QUALITY_STEPS) {
        if (!present.has(needed))
          add(`${base}.steps`, `a service-quality class needs the "${needed}" step`, kinds);
      }
    }
    cls.refusalReopens.forEach((s, j) => {
      if (!present.has(s))
        add(`${base}.refusalReopens[${j}]`, `"${s}" is not a step of this class`, s);
      if (s === 'close' || s === 'revisit')
        add(`${base}.refusalReopens[${j}]`, `"${s}" cannot be reopened`, s);
      // A step done after a reopened one rests on work being redone: it is reopened too, or
      // the complaint is stuck (e.g. a reopened notice with its rectification still passed).
      for (const rule of cls.steps) {
        if (rule.step === 'close' || rule.step === 'revisit') continue;
        if (rule.after.includes(s) && !cls.refusalReopens.includes(rule.step))
          add(
            `${base}.refusalReopens[${j}]`,
            `reopening "${s}" must also reopen "${rule.step}", which comes after it`,
            s,
          );
      }
    });
    const settles = cls.coordinationMeetingSettles ?? [];
    if (settles.length > 0 && !cls.coordinationMeeting)
      add(
        `${base}.coordinationMeetingSettles`,
        'the class holds no coordination meeting (coordinationMeeting is false)',
        settles,
      );
    settles.forEach((s, j) => {
      const at = `${base}.coordinationMeetingSettles[${j}]`;
      if (!present.has(s)) add(at, `"${s}" is not a step of this class`, s);
      else if (s === 'close' || s === 'revisit') add(at, `the meeting cannot settle "${s}"`, s);
      else if (cls.serviceQuality && SERVICE_QUALITY_STEPS.includes(s))
        add(
          at,
          `a service-quality complaint closes only after its own rectification and acceptance: the meeting cannot settle "${s}"`,
          s,
        );
    });
  }
  // Scoring rows name classes and steps: check them against a class table already sound.
  if (policy.scoring !== undefined && problems.length === 0)
    problems.push(...scoringProblems(policy.scoring, policy));
  return problems;
};

/** Decode and validate a policy from any source (JSON file, caller, database). */
export const decodePolicy = (input: unknown): E.Either<DecodeError, Policy> =>
  E.chain((policy: Policy) => {
    const problems = semanticProblems(policy);
    return problems.length === 0 ? E.right(policy) : E.left(decodeError('policy', problems));
  })(decodeWith(PolicyCodec, 'policy')(input));
