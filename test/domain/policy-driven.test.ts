import { describe, expect, it } from 'vitest';
import { decide } from '../../src/complaint/decide';
import { hongchangPolicy } from '../../src/policy/hongchang';
import type { Policy } from '../../src/policy/types';
import {
  accepted,
  classify,
  close,
  h,
  negotiate,
  opened,
  receive,
  rejection,
  revisit,
  run,
  sign,
  verify,
  withClass,
} from './fixtures';

/** A class of two steps, verify and close: no revisit. */
const courtesyPolicy: Policy = {
  ...hongchangPolicy,
  classes: {
    ...hongchangPolicy.classes,
    courtesy: {
      label: 'courtesy call',
      zh: '礼貌性投诉',
      serviceQuality: false,
      coordinationMeeting: false,
      refusalReopens: [],
      steps: [
        {
          step: 'verify',
          from: 'received',
          limit: { kind: 'hours', hours: 8 },
          after: [],
          requiredToClose: true,
          source: 'test',
        },
        {
          step: 'close',
          from: 'received',
          limit: { kind: 'days', days: 2 },
          after: ['verify'],
          requiredToClose: false,
          source: 'test',
        },
      ],
    },
  },
};

/** The aggregate knows steps; which ones a class needs comes from the policy value. */
describe('the policy drives what the aggregate requires', () => {
  it('a class added by a policy runs through decide like the built-in ones', () => {
    const policy = courtesyPolicy;
    expect(
      rejection([receive(h(0)), classify(h(1), 'courtesy')], close(h(2)), policy),
    ).toMatchObject({ code: 'StepsMissing', missing: ['verify'] });
    const { state } = run(
      [receive(h(0)), classify(h(1), 'courtesy'), verify(h(2)), close(h(3))],
      policy,
    );
    expect(opened(state).status).toBe('closed');
  });

  it('a step the close step waits for is required even when not marked requiredToClose', () => {
    const policy = withClass(hongchangPolicy, 'general', (cls) => ({
      ...cls,
      steps: cls.steps.map((r) => (r.step === 'sign' ? { ...r, requiredToClose: false } : r)),
    }));
    const negotiated = [receive(h(0)), classify(h(1), 'general'), verify(h(2)), negotiate(h(3))];
    // The default general close rule lists sign among its prerequisites.
    expect(rejection(negotiated, close(h(4)), policy)).toMatchObject({
      code: 'StepsMissing',
      missing: ['sign'],
    });
    expect(opened(run([...negotiated, sign(h(4)), close(h(5))], policy).state).status).toBe(
      'closed',
    );
  });

  it('a step neither required nor awaited by the close may be skipped', () => {
    const policy = withClass(hongchangPolicy, 'general', (cls) => ({
      ...cls,
      steps: cls.steps.map((r) => {
        if (r.step === 'sign') return { ...r, requiredToClose: false };
        if (r.step === 'close') return { ...r, after: ['verify', 'negotiate'] as typeof r.after };
        return r;
      }),
    }));
    const negotiated = [receive(h(0)), classify(h(1), 'general'), verify(h(2)), negotiate(h(3))];
    expect(opened(run([...negotiated, close(h(4))], policy).state).status).toBe('closed');
  });
});

// POLICY.md: "every class | revisit | within one month after closure" is the default
// policy's table; a class a policy writes without the revisit step has no revisit to record.
describe('the revisit is a step of the class like any other', () => {
  const closedCourtesy = [receive(h(0)), classify(h(1), 'courtesy'), verify(h(2)), close(h(3))];

  it('a class without a revisit step refuses RevisitCustomer, naming the class and the step', () => {
    expect(rejection(closedCourtesy, revisit(h(4)), courtesyPolicy)).toMatchObject({
      code: 'StepNotInClass',
      step: 'revisit',
      complaintClass: 'courtesy',
    });
  });

  it('a closed complaint of a class the policy no longer knows cannot tell: UnknownClass', () => {
    const { state } = run(closedCourtesy, courtesyPolicy);
    expect(decide(revisit(h(4)), state, hongchangPolicy)).toMatchObject({
      _tag: 'Left',
      left: { code: 'UnknownClass', complaintClass: 'courtesy' },
    });
  });

  it('the same class with a revisit step accepts it once', () => {
    const rule = hongchangPolicy.classes.general?.steps.find((r) => r.step === 'revisit');
    if (rule === undefined) throw new Error('the default general class has a revisit step');
    const withRevisit = withClass(courtesyPolicy, 'courtesy', (cls) => ({
      ...cls,
      steps: [...cls.steps, rule],
    }));
    expect(accepted(closedCourtesy, revisit(h(4)), withRevisit)).toMatchObject([
      { type: 'ComplaintRevisited' },
    ]);
    expect(rejection([...closedCourtesy, revisit(h(4))], revisit(h(5)), withRevisit)).toMatchObject(
      { code: 'AlreadyRevisited' },
    );
  });
});
