import { describe, expect, it } from 'vitest';
import { hongchangPolicy } from '../../src/policy/hongchang';
import type { Policy } from '../../src/policy/types';
import {
  classify,
  close,
  h,
  negotiate,
  opened,
  receive,
  rejection,
  run,
  sign,
  verify,
  withClass,
} from './fixtures';

/** The aggregate knows steps; which ones a class needs comes from the policy value. */
describe('the policy drives what the aggregate requires', () => {
  it('a class added by a policy runs through decide like the built-in ones', () => {
    const policy: Policy = {
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
