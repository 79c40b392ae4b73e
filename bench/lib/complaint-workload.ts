import type { ComplaintCommand } from '../../src/complaint/commands';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T01:00:00Z');

/** A command without its complaint, time and id; `h` is hours after receipt. */
type Draft = ComplaintCommand extends infer C
  ? C extends ComplaintCommand
    ? Omit<C, 'complaintId' | 'at' | 'commandId'> & { readonly h: number }
    : never
  : never;

/** A realistic lifecycle per class, from receipt to revisit (POLICY.md's steps). */
export const lifecycle = (i: number): ComplaintCommand[] => {
  const complaintId = `BENCH-${i}`;
  const classes = ['invalid', 'general', 'generalServiceQuality', 'majorServiceQuality'] as const;
  const complaintClass = classes[i % classes.length]!;
  const steps: Draft[] = [
    {
      type: 'ReceiveComplaint',
      h: 0,
      centre: `centre-${i % 12}`,
      channel: 'phone',
      customer: { id: `CUST-${i}`, grade: 'B' },
      reference: { shipmentId: `SHP-${i}` },
      summary: '快递延误三天，客户要求说明原因',
    },
    { type: 'ClassifyComplaint', h: 1, complaintClass },
    { type: 'VerifyComplaint', h: 6, finding: 'Sorting centre backlog after a storm' },
  ];
  const close: Draft[] = [
    { type: 'CloseComplaint', h: 100, result: 'Explained and compensated', writtenNotice: 'sms' },
    { type: 'RevisitCustomer', h: 300, verdict: 'satisfied' },
  ];
  const notice = (noticeId: string, h: number): Draft => ({
    type: 'IssueRectificationNotice',
    h,
    noticeId,
    responsibleDepartment: 'Sorting',
    requirements: 'Clear the backlog and report daily',
  });
  switch (complaintClass) {
    case 'invalid':
      steps.push({ type: 'ContactCustomer', h: 10, explanation: 'Force majeure' });
      break;
    case 'general':
      steps.push(
        { type: 'NegotiateAgreement', h: 20, agreement: 'Refund the delivery fee' },
        { type: 'SignAgreement', h: 30, signedBy: 'Deputy manager' },
      );
      break;
    case 'generalServiceQuality':
      steps.push(
        { type: 'DraftSolution', h: 10, solution: 'Retrain the night shift' },
        notice('N1', 20),
        { type: 'InspectRectification', h: 50, noticeId: 'N1', result: 'passed' },
        { type: 'RecordCustomerAcceptance', h: 60 },
      );
      break;
    case 'majorServiceQuality':
      steps.push(
        { type: 'ReportToLeadership', h: 7 },
        { type: 'NegotiateAgreement', h: 20, agreement: 'Compensation and a written apology' },
        notice('N1', 30),
        { type: 'InspectRectification', h: 50, noticeId: 'N1', result: 'failed' },
        notice('N2', 51),
        { type: 'InspectRectification', h: 80, noticeId: 'N2', result: 'passed' },
        { type: 'RecordCustomerAcceptance', h: 90 },
      );
      break;
  }
  steps.push(...close);
  return steps.map(({ h, ...rest }, k) => ({
    ...rest,
    complaintId,
    at: new Date(START + i * 60_000 + h * HOUR).toISOString(),
    commandId: `cmd-${i}-${k}`,
  })) as ComplaintCommand[];
};

/**
 * Many complaints in flight at once, as in a real centre: round k runs the k-th command of
 * every complaint that has one.
 */
export const workload = (complaints: number): ComplaintCommand[] => {
  const lifecycles = Array.from({ length: complaints }, (_, i) => lifecycle(i));
  const longest = Math.max(...lifecycles.map((l) => l.length));
  const commands: ComplaintCommand[] = [];
  for (let k = 0; k < longest; k++)
    for (const l of lifecycles) {
      const command = l[k];
      if (command !== undefined) commands.push(command);
    }
  return commands;
};
