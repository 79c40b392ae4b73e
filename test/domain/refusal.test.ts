import { describe, expect, it } from 'vitest';
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
  refuse,
  rejection,
  run,
  sign,
  verify,
  withClass,
  gsqNoticeOpen,
  noticeOpenThenGeneral,
} from './fixtures';

const gsqRectified = [...gsqNoticeOpen, inspect(h(30), 'N1', 'passed')];

describe('the customer refuses: work goes back', () => {
  it('a service-quality refusal before acceptance reopens the notice and rectification', () => {
    expect(accepted(gsqRectified, refuse(h(31)))).toEqual([
      {
        type: 'CustomerRefused',
        data: {
          at: h(31),
          reason: 'The coils are still dented',
          reopened: ['issueNotice', 'rectify'],
        },
      },
    ]);
    const s = opened(run([...gsqRectified, refuse(h(31))]).state);
    expect(s.completed).toEqual({
      verify: toMillis(h(2)),
      draftSolution: toMillis(h(3)),
    });
  });

  it('after a refusal the complaint needs a new notice, a pass and an acceptance', () => {
    const refused = [...gsqRectified, refuse(h(31))];
    expect(rejection(refused, close(h(32)))).toMatchObject({ code: 'RectificationPending' });
    expect(rejection(refused, accept(h(32)))).toMatchObject({
      code: 'StepOutOfOrder',
      missing: ['rectify'],
    });
    const { state } = run([
      ...refused,
      issueNotice(h(32), 'N2', h(80)),
      inspect(h(70), 'N2', 'passed'),
      accept(h(71)),
      close(h(72)),
    ]);
    expect(opened(state).status).toBe('closed');
  });

  it('a refusal after acceptance reopens the acceptance too', () => {
    const [event] = accepted([...gsqRectified, accept(h(31))], refuse(h(32)));
    expect(event).toMatchObject({ data: { reopened: ['issueNotice', 'rectify', 'accept'] } });
    const again = [
      ...gsqRectified,
      accept(h(31)),
      refuse(h(32)),
      issueNotice(h(33), 'N2', h(80)),
      inspect(h(70), 'N2', 'passed'),
      accept(h(71)),
      close(h(72)),
    ];
    expect(opened(run(again).state)).toMatchObject({
      status: 'closed',
      completed: { accept: toMillis(h(71)), rectify: toMillis(h(70)) },
    });
    expect(rejection([...gsqRectified, accept(h(31)), refuse(h(32))], close(h(33)))).toMatchObject({
      code: 'RectificationPending',
    });
  });

  it('a general refusal reopens the negotiation and the signature', () => {
    const signed = [
      receive(h(0)),
      classify(h(1), 'general'),
      verify(h(2)),
      negotiate(h(3)),
      sign(h(4)),
    ];
    const refused = [...signed, refuse(h(5), 'The refund is too small')];
    expect(rejection(refused, close(h(6)))).toMatchObject({
      code: 'StepsMissing',
      missing: ['negotiate', 'sign'],
    });
    const { state } = run([...refused, negotiate(h(6)), sign(h(7)), close(h(8))]);
    expect(opened(state)).toMatchObject({
      status: 'closed',
      completed: { negotiate: toMillis(h(6)), sign: toMillis(h(7)) },
    });
  });

  it('an invalid complaint’s refusal asks for the explanation again', () => {
    const explained = [
      receive(h(0)),
      classify(h(1), 'invalid'),
      verify(h(2)),
      contactCustomer(h(3)),
    ];
    const [event] = accepted(explained, refuse(h(4)));
    expect(event).toMatchObject({ data: { reopened: ['explain'] } });
    expect(accepted([...explained, refuse(h(4))], contactCustomer(h(5)))).toHaveLength(1);
  });

  it('is refused while a rectification notice is still open: there is no result to refuse', () => {
    const open = gsqRectified.slice(0, -1);
    expect(rejection(open, refuse(h(5)))).toMatchObject({
      code: 'NoticeStillOpen',
      noticeId: 'N1',
    });
  });
});

// POLICY.md: "Rectification (整改) for service-quality complaints: a time-limited rectification
// notice ...", and a re-classified complaint's "clocks must then follow the new class". A class
// without the rectification step has no notice to wait for: one left open by the former class
// no longer governs the complaint, and no longer holds a refusal back.
describe('a notice left open by a re-classification out of service quality', () => {
  const openThenGeneral = [...noticeOpenThenGeneral, negotiate(h(6)), sign(h(7))];

  it('does not block the refusal of the new class’s result', () => {
    expect(accepted(openThenGeneral, refuse(h(8), 'The refund is too small'))).toEqual([
      {
        type: 'CustomerRefused',
        data: { at: h(8), reason: 'The refund is too small', reopened: ['negotiate', 'sign'] },
      },
    ]);
  });

  it('governs again once the complaint is back in a class with rectification', () => {
    const back = [
      ...openThenGeneral,
      reclassify(h(8), 'generalServiceQuality', 'The depot failure was confirmed'),
    ];
    expect(rejection(back, refuse(h(9)))).toMatchObject({
      code: 'NoticeStillOpen',
      noticeId: 'N1',
    });
  });
});

describe('acceptance must follow the last passed rectification', () => {
  // A policy whose refusal reopens the rectification but not the acceptance would let an
  // old acceptance close over a new rectification; decodePolicy refuses such a policy, and
  // the aggregate still holds the rule for a policy value that was never decoded.
  const lax = withClass(hongchangPolicy, 'generalServiceQuality', (cls) => ({
    ...cls,
    refusalReopens: ['issueNotice', 'rectify'],
  }));

  it('an acceptance older than the passing inspection does not close the complaint', () => {
    const history = [
      ...gsqRectified,
      accept(h(31)),
      refuse(h(32)),
      issueNotice(h(33), 'N2', h(80)),
      inspect(h(70), 'N2', 'passed'),
    ];
    expect(rejection(history, close(h(71)), lax)).toMatchObject({
      code: 'CustomerAcceptancePending',
    });
  });
});
