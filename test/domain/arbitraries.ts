/**
 * fast-check arbitraries for command sequences, valid or not, over the fixtures' builders.
 * Notice ids and classes come from small sets so that random runs reach deep states
 * (rectification rounds, refusals, closes) often.
 */
import fc from 'fast-check';
import type { ComplaintCommand } from '../../src/complaint/commands';
import type { ComplaintEvent } from '../../src/complaint/events';
import type { InspectionResult, RevisitVerdict } from '../../src/complaint/vocabulary';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { STEP_KINDS } from '../../src/policy/steps';
import type { Policy } from '../../src/policy/types';
import { HOUR_MS, type Instant, instantFromMillis, toMillis } from '../../src/shared/time';
import {
  CLASS_IDS,
  type ClassId,
  ID,
  OTHER_ID,
  accept,
  classify,
  close,
  contactCustomer,
  draftSolution,
  endWaiting,
  escalate,
  h,
  inspect,
  issueNotice,
  lifecycles,
  negotiate,
  receive,
  reclassify,
  refuse,
  report,
  revisit,
  sign,
  startWaiting,
  verify,
} from './fixtures';

export const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 200);

const classId = fc.constantFrom(...CLASS_IDS, 'retired');
const noticeId = fc.constantFrom('N1', 'N2', 'N3');

/** A command without its instant: the sequence arbitrary gives the time. */
type Build = (at: Instant) => ComplaintCommand;

const build: fc.Arbitrary<Build> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Build>((at) => receive(at)) },
  {
    weight: 2,
    arbitrary: classId.map(
      (c): Build =>
        (at) =>
          classify(at, c),
    ),
  },
  {
    weight: 1,
    arbitrary: classId.map(
      (c): Build =>
        (at) =>
          reclassify(at, c),
    ),
  },
  { weight: 3, arbitrary: fc.constant<Build>(verify) },
  { weight: 2, arbitrary: fc.constant<Build>(contactCustomer) },
  { weight: 2, arbitrary: fc.constant<Build>(negotiate) },
  { weight: 2, arbitrary: fc.constant<Build>(sign) },
  { weight: 2, arbitrary: fc.constant<Build>(report) },
  { weight: 2, arbitrary: fc.constant<Build>(draftSolution) },
  {
    weight: 3,
    arbitrary: fc.tuple(noticeId, fc.option(fc.integer({ min: -2, max: 200 }))).map(
      ([id, hours]): Build =>
        (at) =>
          issueNotice(
            at,
            id,
            hours === null ? undefined : instantFromMillis(toMillis(at) + hours * HOUR_MS),
          ),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(noticeId, fc.constantFrom<InspectionResult>('passed', 'failed')).map(
      ([id, result]): Build =>
        (at) =>
          inspect(at, id, result),
    ),
  },
  { weight: 2, arbitrary: fc.constant<Build>(accept) },
  { weight: 2, arbitrary: fc.constant<Build>((at) => refuse(at)) },
  { weight: 1, arbitrary: fc.constant<Build>(escalate) },
  { weight: 1, arbitrary: fc.constant<Build>(startWaiting) },
  { weight: 1, arbitrary: fc.constant<Build>(endWaiting) },
  { weight: 3, arbitrary: fc.constant<Build>(close) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<RevisitVerdict>('satisfied', 'neutral', 'dissatisfied', 'unreachable')
      .map(
        (v): Build =>
          (at) =>
            revisit(at, v),
      ),
  },
);

/** Hours since the previous command: mostly forward, sometimes back, to test the time rule. */
const hours = fc.oneof(
  { weight: 9, arbitrary: fc.nat({ max: 48 }) },
  { weight: 1, arbitrary: fc.integer({ min: -24, max: -1 }) },
);

/** Any sequence of commands for one complaint, valid or not, with an occasional stray one. */
export const commandSequence = (maxLength = 40): fc.Arbitrary<ComplaintCommand[]> =>
  fc
    .array(
      fc.record({
        build,
        hours,
        stray: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
      }),
      { minLength: 1, maxLength },
    )
    .map((steps) => {
      let t = 0;
      return steps.map(({ build: make, hours: dt, stray }) => {
        t += dt;
        const command = make(h(t));
        return stray ? { ...command, complaintId: OTHER_ID } : command;
      });
    });

/** The happy path of each class, as builders; `notice` is the current notice's id. */
const scripts: Readonly<
  Record<ClassId, readonly ((at: Instant, notice: string, pass: boolean) => ComplaintCommand)[]>
> = {
  invalid: [
    (at) => receive(at),
    (at) => classify(at, 'invalid'),
    verify,
    contactCustomer,
    close,
    (at) => revisit(at),
  ],
  general: [
    (at) => receive(at),
    (at) => classify(at, 'general'),
    verify,
    negotiate,
    sign,
    close,
    (at) => revisit(at),
  ],
  generalServiceQuality: [
    (at) => receive(at),
    (at) => classify(at, 'generalServiceQuality'),
    verify,
    draftSolution,
    (at, notice) => issueNotice(at, notice, instantFromMillis(toMillis(at) + 72 * HOUR_MS)),
    (at, notice, pass) => inspect(at, notice, pass ? 'passed' : 'failed'),
    accept,
    close,
    (at) => revisit(at),
  ],
  majorServiceQuality: [
    (at) => receive(at),
    (at) => classify(at, 'majorServiceQuality'),
    verify,
    report,
    negotiate,
    (at, notice) => issueNotice(at, notice),
    (at, notice, pass) => inspect(at, notice, pass ? 'passed' : 'failed'),
    accept,
    close,
    (at) => revisit(at),
  ],
};

type Move =
  | { readonly next: true; readonly pass: boolean }
  | { readonly next: false; readonly build: Build };

/**
 * Mostly the next step of one class's happy path, mixed with any other command: runs reach
 * rectification rounds, refusals after a pass, re-classification mid-way and closes often.
 * A failed inspection sends the path back to a new notice (with the next notice id).
 */
export const guidedSequence: fc.Arbitrary<ComplaintCommand[]> = fc
  .tuple(
    fc.constantFrom(...CLASS_IDS),
    fc.array(
      fc.record({
        move: fc.oneof(
          {
            weight: 4,
            arbitrary: fc
              .integer({ min: 0, max: 3 })
              .map((n): Move => ({ next: true, pass: n > 0 })),
          },
          { weight: 1, arbitrary: build.map((b): Move => ({ next: false, build: b })) },
        ),
        dt: hours,
      }),
      { minLength: 5, maxLength: 40 },
    ),
  )
  .map(([cls, moves]) => {
    const script = scripts[cls];
    let t = 0;
    let at = 0;
    let notice = 1;
    const commands: ComplaintCommand[] = [];
    for (const { move, dt } of moves) {
      t += dt;
      if (!move.next) {
        commands.push(move.build(h(t)));
        continue;
      }
      const make = script[at];
      if (make === undefined) break;
      const command = make(h(t), `N${notice}`, move.pass);
      commands.push(command);
      // A failed inspection calls for a new notice: step back to the notice, with a new id.
      if (command.type === 'InspectRectification' && command.result === 'failed') {
        notice += 1;
        at -= 1;
      } else at += 1;
    }
    return commands;
  });

/** A complete lifecycle of one class, then random commands after it. */
export const afterLifecycle: fc.Arbitrary<ComplaintCommand[]> = fc
  .tuple(fc.constantFrom(...CLASS_IDS), commandSequence(15))
  .map(([cls, tail]) => {
    const life = lifecycles[cls];
    const offset = toMillis(life[life.length - 1]!.at) - toMillis(h(0));
    return [
      ...life,
      ...tail.map((c) => ({ ...c, at: instantFromMillis(toMillis(c.at) + offset) })),
    ];
  });

/** The default policy and a few variants of its open settings. */
export const policy: fc.Arbitrary<Policy> = fc.constantFrom<Policy>(
  hongchangPolicy,
  { ...hongchangPolicy, rectification: { defaultNoticeHours: null, maxNoticeHours: 96 } },
  { ...hongchangPolicy, reclassification: { allowed: false } },
);

/**
 * Any sequence of well-formed events in any order and at any time: facts evolve must take
 * even when decide would never have produced them in that order.
 */
export const eventSequence: fc.Arbitrary<ComplaintEvent[]> = fc.array(
  fc
    .tuple(
      fc.integer({ min: -100, max: 1000 }).map((n) => h(n)),
      fc.oneof(
        fc.constantFrom(ID, OTHER_ID).map((complaintId) => ({
          type: 'ComplaintReceived',
          data: {
            complaintId,
            centre: 'call-centre',
            channel: 'phone',
            customer: { id: 'CUST-7' },
            summary: 'Late',
          },
        })),
        classId.map((complaintClass) => ({
          type: 'ComplaintClassified',
          data: { complaintClass },
        })),
        fc.tuple(classId, classId).map(([from, to]) => ({
          type: 'ComplaintReclassified',
          data: { from, to, reason: 'r' },
        })),
        fc.constant({ type: 'ComplaintVerified', data: { finding: 'f' } }),
        fc.constant({ type: 'CustomerContacted', data: { explanation: 'e' } }),
        fc.constant({ type: 'AgreementNegotiated', data: { agreement: 'a' } }),
        fc.constant({ type: 'AgreementSigned', data: { signedBy: 's' } }),
        fc.constant({ type: 'ReportedToLeadership', data: { reportedTo: [] } }),
        fc.constant({ type: 'SolutionDrafted', data: { solution: 's' } }),
        fc.tuple(noticeId, fc.integer({ min: -100, max: 1000 })).map(([id, d]) => ({
          type: 'RectificationNoticeIssued',
          data: { noticeId: id, responsibleDepartment: 'd', requirements: 'r', deadline: h(d) },
        })),
        fc
          .tuple(noticeId, fc.constantFrom<InspectionResult>('passed', 'failed'))
          .map(([id, result]) => ({
            type: 'RectificationInspected',
            data: { noticeId: id, result },
          })),
        fc.constant({ type: 'CustomerAccepted', data: {} }),
        fc
          .subarray([...STEP_KINDS])
          .map((reopened) => ({ type: 'CustomerRefused', data: { reason: 'r', reopened } })),
        fc.constant({ type: 'EscalatedToCoordinationMeeting', data: { reason: 'r' } }),
        fc.constant({ type: 'CustomerWaitStarted', data: { reason: 'r' } }),
        fc.constant({ type: 'CustomerWaitEnded', data: {} }),
        fc.constant({ type: 'ComplaintClosed', data: { result: 'r', writtenNotice: 'sms' } }),
        fc.constant({ type: 'ComplaintRevisited', data: { verdict: 'neutral' } }),
      ),
    )
    .map(([at, e]) => ({ type: e.type, data: { ...e.data, at } }) as ComplaintEvent),
  { maxLength: 40 },
);
