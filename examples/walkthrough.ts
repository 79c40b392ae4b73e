import {
  type ComplaintCommand,
  type ComplaintState,
  createCommandHandler,
  describeHandleError,
  type EventStore,
  hongchangPolicy,
} from 'complaint-ledger';
import * as E from 'fp-ts/Either';

type Step = {
  readonly note: string;
  readonly command: ComplaintCommand;
  readonly expectRejection?: string;
};

const hoursAfter = (start: string, hours: number): string =>
  new Date(Date.parse(start) + hours * 3_600_000).toISOString();

const receive = (
  complaintId: string,
  at: string,
  centre: string,
  summary: string,
): ComplaintCommand => ({
  type: 'ReceiveComplaint',
  complaintId,
  at,
  centre,
  channel: 'phone',
  customer: { id: `CUST-${complaintId}`, grade: 'B' },
  reference: { shipmentId: `SHP-${complaintId}` },
  summary,
});

/** One complaint of each class of the default policy, from receipt to revisit. */
export const walkthroughs = (start: string): Record<string, Step[]> => {
  const t = (h: number) => hoursAfter(start, h);
  return {
    invalid: [
      {
        note: '受理 received',
        command: receive('DEMO-INV-1', t(0), 'call-centre', 'Wants compensation for weather delay'),
      },
      {
        note: '分类 classified invalid',
        command: {
          type: 'ClassifyComplaint',
          complaintId: 'DEMO-INV-1',
          at: t(1),
          complaintClass: 'invalid',
        },
      },
      {
        note: '核实 verified within 24 h',
        command: {
          type: 'VerifyComplaint',
          complaintId: 'DEMO-INV-1',
          at: t(20),
          finding: 'Typhoon closure: force majeure in the contract',
          substantiated: false,
        },
      },
      {
        note: '解释 customer told why',
        command: {
          type: 'ContactCustomer',
          complaintId: 'DEMO-INV-1',
          at: t(30),
          explanation: 'Contract clause 7 excludes weather delays',
        },
      },
      {
        note: '处理完毕 closed, result in writing',
        command: {
          type: 'CloseComplaint',
          complaintId: 'DEMO-INV-1',
          at: t(31),
          result: 'Explained; no liability',
          writtenNotice: 'letter',
        },
      },
      {
        note: '回访 revisited',
        command: {
          type: 'RevisitCustomer',
          complaintId: 'DEMO-INV-1',
          at: t(24 * 20),
          verdict: 'neutral',
        },
      },
    ],
    general: [
      {
        note: '受理 received',
        command: receive('DEMO-GEN-1', t(0), 'operations', 'Invoice shows the wrong weight'),
      },
      {
        note: '分类 classified general',
        command: {
          type: 'ClassifyComplaint',
          complaintId: 'DEMO-GEN-1',
          at: t(2),
          complaintClass: 'general',
        },
      },
      {
        note: '核实 verified within 48 h',
        command: {
          type: 'VerifyComplaint',
          complaintId: 'DEMO-GEN-1',
          at: t(40),
          finding: 'Scale calibration error',
          substantiated: true,
        },
      },
      {
        note: '协商 agreement negotiated',
        command: {
          type: 'NegotiateAgreement',
          complaintId: 'DEMO-GEN-1',
          at: t(60),
          agreement: 'Re-issue invoice, 5% discount',
        },
      },
      {
        note: '签字 leadership signed',
        command: {
          type: 'SignAgreement',
          complaintId: 'DEMO-GEN-1',
          at: t(70),
          signedBy: 'Deputy GM Li',
        },
      },
      {
        note: '处理完毕 closed',
        command: {
          type: 'CloseComplaint',
          complaintId: 'DEMO-GEN-1',
          at: t(72),
          result: 'Invoice corrected',
          writtenNotice: 'email',
        },
      },
      {
        note: '回访 revisited',
        command: {
          type: 'RevisitCustomer',
          complaintId: 'DEMO-GEN-1',
          at: t(24 * 15),
          verdict: 'satisfied',
        },
      },
    ],
    generalServiceQuality: [
      {
        note: '受理 received',
        command: receive('DEMO-GSQ-1', t(0), 'service-management', 'Driver was rude at delivery'),
      },
      {
        note: '分类 general service quality',
        command: {
          type: 'ClassifyComplaint',
          complaintId: 'DEMO-GSQ-1',
          at: t(1),
          complaintClass: 'generalServiceQuality',
        },
      },
      {
        note: '核实分析 verified',
        command: {
          type: 'VerifyComplaint',
          complaintId: 'DEMO-GSQ-1',
          at: t(12),
          finding: 'Confirmed by dashcam audio',
          substantiated: true,
          responsibleDepartment: 'fleet',
        },
      },
      {
        note: '解决方案 solution drafted',
        command: {
          type: 'DraftSolution',
          complaintId: 'DEMO-GSQ-1',
          at: t(30),
          solution: 'Retrain driver; written apology',
        },
      },
      {
        note: '限时整改通知书 notice N1',
        command: {
          type: 'IssueRectificationNotice',
          complaintId: 'DEMO-GSQ-1',
          at: t(40),
          noticeId: 'N1',
          responsibleDepartment: 'fleet',
          requirements: 'Service-etiquette training',
          deadline: t(40 + 72),
        },
      },
      {
        note: 'closing now is refused',
        command: {
          type: 'CloseComplaint',
          complaintId: 'DEMO-GSQ-1',
          at: t(41),
          result: 'early',
          writtenNotice: 'letter',
        },
        expectRejection: 'RectificationPending',
      },
      {
        note: '检查不合格 inspection failed',
        command: {
          type: 'InspectRectification',
          complaintId: 'DEMO-GSQ-1',
          at: t(100),
          noticeId: 'N1',
          result: 'failed',
          remarks: 'Training not attended',
        },
      },
      {
        note: '新通知书 notice N2',
        command: {
          type: 'IssueRectificationNotice',
          complaintId: 'DEMO-GSQ-1',
          at: t(101),
          noticeId: 'N2',
          responsibleDepartment: 'fleet',
          requirements: 'Attend the next session',
          deadline: t(101 + 48),
        },
      },
      {
        note: '检查合格 inspection passed',
        command: {
          type: 'InspectRectification',
          complaintId: 'DEMO-GSQ-1',
          at: t(140),
          noticeId: 'N2',
          result: 'passed',
        },
      },
      {
        note: '客户验收满意 customer accepted',
        command: { type: 'RecordCustomerAcceptance', complaintId: 'DEMO-GSQ-1', at: t(150) },
      },
      {
        note: '处理完毕 closed',
        command: {
          type: 'CloseComplaint',
          complaintId: 'DEMO-GSQ-1',
          at: t(151),
          result: 'Driver retrained; apology sent',
          writtenNotice: 'letter',
        },
      },
      {
        note: '回访 revisited',
        command: {
          type: 'RevisitCustomer',
          complaintId: 'DEMO-GSQ-1',
          at: t(24 * 25),
          verdict: 'satisfied',
        },
      },
    ],
    majorServiceQuality: [
      {
        note: '受理 received',
        command: receive('DEMO-MAJ-1', t(0), 'product-delivery', 'Cold-chain shipment spoiled'),
      },
      {
        note: '分类 general at first',
        command: {
          type: 'ClassifyComplaint',
          complaintId: 'DEMO-MAJ-1',
          at: t(1),
          complaintClass: 'general',
        },
      },
      {
        note: '重新分类 re-classified major',
        command: {
          type: 'ReclassifyComplaint',
          complaintId: 'DEMO-MAJ-1',
          at: t(10),
          complaintClass: 'majorServiceQuality',
          reason: 'Loss above 50,000 yuan',
        },
      },
      {
        note: '核实 verified',
        command: {
          type: 'VerifyComplaint',
          complaintId: 'DEMO-MAJ-1',
          at: t(20),
          finding: 'Reefer unit failed, alarm ignored',
          substantiated: true,
        },
      },
      {
        note: '上报 reported the same day',
        command: { type: 'ReportToLeadership', complaintId: 'DEMO-MAJ-1', at: t(21) },
      },
      {
        note: '协调会 coordination meeting',
        command: {
          type: 'EscalateToCoordinationMeeting',
          complaintId: 'DEMO-MAJ-1',
          at: t(50),
          reason: 'Fleet and warehouse dispute liability',
        },
      },
      {
        note: '协商 handling plan agreed',
        command: {
          type: 'NegotiateAgreement',
          complaintId: 'DEMO-MAJ-1',
          at: t(60),
          agreement: 'Full compensation, reefer audit',
        },
      },
      {
        note: '限时整改通知书 notice M1',
        command: {
          type: 'IssueRectificationNotice',
          complaintId: 'DEMO-MAJ-1',
          at: t(70),
          noticeId: 'M1',
          responsibleDepartment: 'warehouse',
          requirements: 'Alarm escalation procedure',
        },
      },
      {
        note: '检查合格 passed',
        command: {
          type: 'InspectRectification',
          complaintId: 'DEMO-MAJ-1',
          at: t(120),
          noticeId: 'M1',
          result: 'passed',
        },
      },
      {
        note: '客户拒绝 customer refused',
        command: {
          type: 'RecordCustomerRefusal',
          complaintId: 'DEMO-MAJ-1',
          at: t(130),
          reason: 'Wants an independent audit',
        },
      },
      {
        note: '限时整改通知书 notice M2',
        command: {
          type: 'IssueRectificationNotice',
          complaintId: 'DEMO-MAJ-1',
          at: t(131),
          noticeId: 'M2',
          responsibleDepartment: 'warehouse',
          requirements: 'Independent reefer audit',
          deadline: t(131 + 96),
        },
      },
      {
        note: '检查合格 passed',
        command: {
          type: 'InspectRectification',
          complaintId: 'DEMO-MAJ-1',
          at: t(200),
          noticeId: 'M2',
          result: 'passed',
        },
      },
      {
        note: '客户验收满意 accepted',
        command: { type: 'RecordCustomerAcceptance', complaintId: 'DEMO-MAJ-1', at: t(210) },
      },
      {
        note: '处理完毕 closed',
        command: {
          type: 'CloseComplaint',
          complaintId: 'DEMO-MAJ-1',
          at: t(212),
          result: 'Compensated; audit done',
          writtenNotice: 'letter',
        },
      },
      {
        note: '回访 revisited',
        command: {
          type: 'RevisitCustomer',
          complaintId: 'DEMO-MAJ-1',
          at: t(24 * 30),
          verdict: 'satisfied',
        },
      },
    ],
  };
};

export interface WalkthroughResult {
  readonly states: Record<string, ComplaintState>;
  readonly failures: string[];
}

/** Run every walkthrough against a store; `log` receives one line per step. */
export const runWalkthroughs = async (
  store: EventStore,
  start: string,
  log: (line: string) => void,
): Promise<WalkthroughResult> => {
  const handler = createCommandHandler({ store, policy: hongchangPolicy });
  const states: Record<string, ComplaintState> = {};
  const failures: string[] = [];
  for (const [cls, steps] of Object.entries(walkthroughs(start))) {
    log(`\n== ${cls} (${hongchangPolicy.classes[cls]?.zh ?? ''}) ==`);
    for (const step of steps) {
      const result = await handler.handle(step.command, { actor: 'demo' });
      if (E.isRight(result)) {
        states[cls] = result.right.state;
        log(
          `  ${step.command.at}  ${step.note.padEnd(34)} → ${result.right.events.map((e) => e.type).join(', ')}`,
        );
      } else if (
        result.left._tag === 'ComplaintRejected' &&
        result.left.code === step.expectRejection
      ) {
        log(
          `  ${step.command.at}  ${step.note.padEnd(34)} ✗ ${result.left.code}: ${result.left.message}`,
        );
      } else {
        const why = describeHandleError(result.left);
        failures.push(`${cls}: ${step.note}: ${why}`);
        log(`  UNEXPECTED ${why}`);
      }
    }
  }
  return { states, failures };
};
