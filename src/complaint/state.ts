import type { StepKind } from '../policy/steps';

export interface NoticeState {
  readonly noticeId: string;
  readonly issuedAt: number;
  readonly deadline: number;
  readonly result: 'open' | 'passed' | 'failed';
}

/** What `decide` needs to know about one complaint, folded from its events. */
export interface OpenComplaint {
  readonly status: 'open' | 'closed';
  readonly complaintId: string;
  readonly centre: string;
  readonly receivedAt: number;
  /** Epoch ms of the latest event: commands may not go back before it. */
  readonly lastEventAt: number;
  readonly complaintClass: string | null;
  /** When each step was last completed (epoch ms); a refusal removes reopened steps. */
  readonly completed: Readonly<Partial<Record<StepKind, number>>>;
  readonly notices: readonly NoticeState[];
  readonly escalated: boolean;
  readonly waitingSince: number | null;
  readonly closedAt: number | null;
  readonly revisitedAt: number | null;
}

export type ComplaintState = { readonly status: 'none' } | OpenComplaint;

export const initialState: ComplaintState = { status: 'none' };

export const openNotice = (s: OpenComplaint): NoticeState | undefined => {
  const last = s.notices[s.notices.length - 1];
  return last?.result === 'open' ? last : undefined;
};
