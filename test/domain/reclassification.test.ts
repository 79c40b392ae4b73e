import { describe, expect, it } from 'vitest';
import { decide } from '../../src/complaint/decide';
import { evolve } from '../../src/complaint/evolve';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { toMillis } from '../../src/shared/time';
import {
  accept,
  accepted,
  classify,
  close,
  contactCustomer,
  h,
  inspect,
  issueNotice,
  negotiate,
  opened,
  receive,
  reclassify,
  rejection,
  report,
  run,
  sign,
  verify,
  noticeOpenThenGeneral,
} from './fixtures';

/** A general complaint, verified, then found to be a major service failure (general → major). */
const generalThenMajor = [
  receive(h(0)),
  classify(h(1), 'general'),
  verify(h(20)),
  reclassify(h(21), 'majorServiceQuality'),
];

describe('re-classification general → major', () => {
  it('records from, to and the reason, and the state follows the new class', () => {
    const events = accepted(generalThenMajor.slice(0, 3), generalThenMajor[3]!);
    expect(events).toEqual([
      {
        type: 'ComplaintReclassified',
        data: {
          at: h(21),
          from: 'general',
          to: 'majorServiceQuality',
          reason: 'Verification showed a wider service failure',
        },
      },
    ]);
    const s = opened(run(generalThenMajor).state);
    expect(s.complaintClass).toBe('majorServiceQuality');
    // The verification done as a general complaint counts for the major class.
    expect(s.completed).toEqual({ verify: toMillis(h(20)) });
  });

  it('the agreement path of a general complaint no longer closes it', () => {
    // Signing is a general step; a major complaint has no such step.
    expect(rejection([...generalThenMajor, negotiate(h(22))], sign(h(23)))).toMatchObject({
      code: 'StepNotInClass',
      step: 'sign',
      complaintClass: 'majorServiceQuality',
    });
    // A major complaint closes only after a passed rectification.
    expect(rejection([...generalThenMajor, negotiate(h(22))], close(h(23)))).toMatchObject({
      code: 'RectificationPending',
    });
  });

  it('the major steps are now required: report, negotiate, notice, rectify, accept', () => {
    const rectified = [
      ...generalThenMajor,
      negotiate(h(30)),
      issueNotice(h(31), 'N1', h(80)),
      inspect(h(70), 'N1', 'passed'),
      accept(h(71)),
    ];
    expect(rejection(rectified, close(h(72)))).toMatchObject({
      code: 'StepsMissing',
      missing: ['report'],
    });
    const { state } = run([...rectified, report(h(72)), close(h(73))]);
    expect(opened(state)).toMatchObject({
      status: 'closed',
      complaintClass: 'majorServiceQuality',
    });
  });

  it('a step done under the old class is not done again', () => {
    expect(rejection(generalThenMajor, verify(h(22)))).toMatchObject({
      code: 'StepAlreadyDone',
      step: 'verify',
    });
  });
});

describe('other re-classifications', () => {
  it('major → general drops the rectification requirement', () => {
    const { state } = run([
      receive(h(0)),
      classify(h(1), 'majorServiceQuality'),
      verify(h(2)),
      reclassify(h(3), 'general', 'Only a billing dispute after all'),
      negotiate(h(4)),
      sign(h(5)),
      close(h(6)),
    ]);
    expect(opened(state).status).toBe('closed');
  });

  it('general → invalid requires the explanation to the customer before closing', () => {
    const history = [
      receive(h(0)),
      classify(h(1), 'general'),
      verify(h(2)),
      negotiate(h(3)),
      reclassify(h(4), 'invalid', 'Outside the promised responsibility'),
    ];
    expect(rejection(history, close(h(5)))).toMatchObject({
      code: 'StepsMissing',
      missing: ['explain'],
    });
    expect(opened(run([...history, contactCustomer(h(5)), close(h(6))]).state).status).toBe(
      'closed',
    );
  });

  it('can happen more than once, each from the class before it', () => {
    const { events } = run([
      ...generalThenMajor,
      reclassify(h(22), 'generalServiceQuality', 'Leadership judged it not major'),
    ]);
    expect(events.filter((e) => e.type === 'ComplaintReclassified').map((e) => e.data)).toEqual([
      expect.objectContaining({ from: 'general', to: 'majorServiceQuality' }),
      expect.objectContaining({ from: 'majorServiceQuality', to: 'generalServiceQuality' }),
    ]);
  });

  it('needs a first classification', () => {
    expect(rejection([receive(h(0))], reclassify(h(1), 'general'))).toMatchObject({
      code: 'NotClassified',
    });
  });

  it('into a class the policy does not know is rejected', () => {
    expect(rejection(generalThenMajor, reclassify(h(22), 'catastrophic'))).toMatchObject({
      code: 'UnknownClass',
      complaintClass: 'catastrophic',
    });
  });
});

// POLICY.md: rectification is for service-quality complaints, and after a re-classification
// the complaint follows its new class. A class without the rectify step issues no notice, so
// it inspects none either: the inspection waits until the complaint is back in such a class.
describe('an open notice after re-classification out of service quality', () => {
  it('cannot be inspected under a class without rectification', () => {
    expect(rejection(noticeOpenThenGeneral, inspect(h(6), 'N1', 'passed'))).toMatchObject({
      code: 'StepNotInClass',
      step: 'rectify',
      complaintClass: 'general',
    });
  });

  it('does not keep a class without rectification from closing', () => {
    const { state } = run([...noticeOpenThenGeneral, negotiate(h(6)), sign(h(7)), close(h(8))]);
    expect(opened(state)).toMatchObject({ status: 'closed', complaintClass: 'general' });
  });

  it('is inspected as before once back in a service-quality class', () => {
    const back = [...noticeOpenThenGeneral, reclassify(h(6), 'majorServiceQuality')];
    expect(accepted(back, inspect(h(7), 'N1', 'passed'))).toMatchObject([
      { type: 'RectificationInspected', data: { noticeId: 'N1', result: 'passed' } },
    ]);
  });
});

describe('a class the policy no longer knows', () => {
  // Stored under an older policy: the fold keeps it, decide refuses its steps but lets the
  // centre re-classify it into a class the current policy has.
  const legacy = evolve(run([receive(h(0))]).state, {
    type: 'ComplaintClassified',
    data: { at: h(1), complaintClass: 'retired' },
  });

  it('refuses its steps with UnknownClass, but can be re-classified', () => {
    const r = decide(verify(h(2)), legacy, hongchangPolicy);
    expect(r).toMatchObject({
      _tag: 'Left',
      left: { code: 'UnknownClass', complaintClass: 'retired' },
    });
    const moved = decide(reclassify(h(2), 'general'), legacy, hongchangPolicy);
    expect(moved).toMatchObject({
      _tag: 'Right',
      right: [{ type: 'ComplaintReclassified', data: { from: 'retired', to: 'general' } }],
    });
  });
});
