/**
 * A small reference model of one complaint under the default policy, written from
 * /work/shared/POLICY.md and the default policy's documented settings, and sharing no code
 * with the aggregate (no decide, evolve, state helpers or policy lookups): it only
 * answers "accepted or refused?" and keeps the facts a person would track on paper.
 *
 * Where POLICY.md leaves a choice open, the model follows the setting the default policy
 * documents (72 h notice deadline by default, no cap, re-classification allowed, what a
 * refusal sends back), or the aggregate's documented convention where POLICY.md says
 * nothing (a wait on the customer may start any time before closing and blocks only closing).
 */

export type ClassName = 'invalid' | 'general' | 'generalServiceQuality' | 'majorServiceQuality';
export type Step =
  | 'verify'
  | 'explain'
  | 'negotiate'
  | 'sign'
  | 'report'
  | 'draftSolution'
  | 'issueNotice'
  | 'rectify'
  | 'accept';

interface ClassRules {
  /** Each step the class requires, with the steps that must come first (POLICY.md's time table). */
  readonly steps: Readonly<Partial<Record<Step, readonly Step[]>>>;
  /** 服务质量投诉: closes only after a passed rectification and the customer's acceptance. */
  readonly serviceQuality: boolean;
  /** Major complaints no department can settle go to the general manager (协调会). */
  readonly coordinationMeeting: boolean;
  /**
   * What the meeting settles in the centre's place once escalated (a setting of the default
   * policy: it follows a failed 48 h negotiation, so it stands in for the negotiation).
   */
  readonly meetingSettles: readonly Step[];
  /** What a customer's refusal sends back (a setting of the default policy). */
  readonly refusalReopens: readonly Step[];
}

const RECTIFICATION = ['issueNotice', 'rectify', 'accept'] as const;

/** The time table of POLICY.md, as "step: after which steps". */
export const TABLE: Readonly<Record<ClassName, ClassRules>> = {
  // invalid: investigate and verify; contact the customer and explain.
  invalid: {
    steps: { verify: [], explain: ['verify'] },
    serviceQuality: false,
    coordinationMeeting: false,
    meetingSettles: [],
    refusalReopens: ['explain'],
  },
  // general: verify; negotiate; leadership signs the agreement.
  general: {
    steps: { verify: [], negotiate: ['verify'], sign: ['negotiate'] },
    serviceQuality: false,
    coordinationMeeting: false,
    meetingSettles: [],
    refusalReopens: ['negotiate', 'sign'],
  },
  // general service quality: verify and analyse; draft the solution; issue the notice; rectify; accept.
  generalServiceQuality: {
    steps: {
      verify: [],
      draftSolution: ['verify'],
      issueNotice: ['draftSolution'],
      rectify: ['issueNotice'],
      accept: ['rectify'],
    },
    serviceQuality: true,
    coordinationMeeting: false,
    meetingSettles: [],
    refusalReopens: RECTIFICATION,
  },
  // major service quality: verify; report the same day; negotiate a handling plan; then the
  // rectification (the source is cut off: the default policy's setting).
  majorServiceQuality: {
    steps: {
      verify: [],
      report: ['verify'],
      negotiate: ['verify'],
      issueNotice: ['negotiate'],
      rectify: ['issueNotice'],
      accept: ['rectify'],
    },
    serviceQuality: true,
    coordinationMeeting: true,
    meetingSettles: ['negotiate'],
    refusalReopens: RECTIFICATION,
  },
};

export const CLASS_NAMES = Object.keys(TABLE) as ClassName[];
const DEFAULT_NOTICE_HOURS = 72;
const HOUR = 3_600_000;

const isClass = (name: string): name is ClassName => CLASS_NAMES.includes(name as ClassName);

interface Notice {
  readonly id: string;
  result: 'open' | 'passed' | 'failed';
}

/** The model's complaint: mutable, as fast-check's model-based runs expect. */
export class ComplaintModel {
  received = false;
  id = '';
  /** Epoch ms of the latest accepted command. */
  lastAt = Number.NEGATIVE_INFINITY;
  cls: ClassName | null = null;
  /** Steps done, in the order they were done (a refusal removes the ones it sends back). */
  readonly done: Step[] = [];
  readonly notices: Notice[] = [];
  escalated = false;
  waiting = false;
  closed = false;
  revisited = false;

  private has(step: Step): boolean {
    return this.done.includes(step);
  }
  private openNotice(): Notice | undefined {
    const last = this.notices[this.notices.length - 1];
    return last?.result === 'open' ? last : undefined;
  }
  /** Done, or settled by the coordination meeting the complaint went to. */
  private settled(step: Step): boolean {
    if (this.has(step)) return true;
    const rules = this.cls === null ? undefined : TABLE[this.cls];
    return (
      this.escalated &&
      rules !== undefined &&
      rules.coordinationMeeting &&
      rules.meetingSettles.includes(step)
    );
  }
  private complete(step: Step): void {
    if (!this.has(step)) this.done.push(step);
  }
  /** A step of the current class whose prerequisites are done. */
  private ready(step: Step): boolean {
    if (this.cls === null) return false;
    const after = TABLE[this.cls].steps[step];
    return after?.every((p) => this.settled(p)) ?? false;
  }

  /**
   * Apply one command: true when it is accepted (and the model updated), false when it is
   * refused (and nothing changed).
   */
  apply(c: ModelCommand): boolean {
    const at = Date.parse(c.at);
    if (!this.received) {
      if (c.type !== 'ReceiveComplaint') return false;
      this.received = true;
      this.id = c.complaintId;
      this.lastAt = at;
      return true;
    }
    if (c.complaintId !== this.id || c.type === 'ReceiveComplaint' || at < this.lastAt)
      return false;
    const accepted = this.accepts(c, at);
    if (accepted) this.lastAt = at;
    return accepted;
  }

  private accepts(c: ModelCommand, at: number): boolean {
    // 处理完毕: afterwards only the one revisit.
    if (this.closed) {
      if (c.type !== 'RevisitCustomer' || this.revisited) return false;
      this.revisited = true;
      return true;
    }
    switch (c.type) {
      case 'RevisitCustomer':
        return false;
      case 'StartWaitingOnCustomer':
        if (this.waiting) return false;
        this.waiting = true;
        return true;
      case 'EndWaitingOnCustomer':
        if (!this.waiting) return false;
        this.waiting = false;
        return true;
      case 'ClassifyComplaint':
        if (this.cls !== null || !isClass(c.complaintClass)) return false;
        this.cls = c.complaintClass;
        return true;
      default:
        break;
    }
    if (this.cls === null) return false;
    const rules = TABLE[this.cls];
    switch (c.type) {
      case 'ReclassifyComplaint':
        if (!isClass(c.complaintClass) || c.complaintClass === this.cls) return false;
        this.cls = c.complaintClass;
        return true;
      case 'VerifyComplaint':
        return this.simple('verify');
      case 'ContactCustomer':
        return this.simple('explain');
      case 'NegotiateAgreement':
        return this.simple('negotiate');
      case 'SignAgreement':
        return this.simple('sign');
      case 'ReportToLeadership':
        return this.simple('report');
      case 'DraftSolution':
        return this.simple('draftSolution');
      case 'RecordCustomerAcceptance':
        // The customer accepts a rectification that passed, not one still under way.
        if (rules.serviceQuality && (!this.has('rectify') || this.openNotice() !== undefined))
          return false;
        return this.simple('accept');
      case 'IssueRectificationNotice': {
        // A failed rectification gets a new notice, again and again, until one passes.
        if (!this.ready('issueNotice') || rules.steps.rectify === undefined) return false;
        if (this.openNotice() !== undefined || this.has('rectify')) return false;
        if (this.notices.some((n) => n.id === c.noticeId)) return false;
        const deadline =
          c.deadline === undefined ? at + DEFAULT_NOTICE_HOURS * HOUR : Date.parse(c.deadline);
        if (!(deadline > at)) return false;
        this.notices.push({ id: c.noticeId, result: 'open' });
        this.complete('issueNotice');
        return true;
      }
      case 'InspectRectification': {
        // Rectification belongs to the classes that have it: a notice a re-classification
        // left open waits until the complaint is back in such a class.
        if (rules.steps.rectify === undefined) return false;
        const open = this.openNotice();
        if (open === undefined || open.id !== c.noticeId) return false;
        open.result = c.result;
        if (c.result === 'passed') this.complete('rectify');
        return true;
      }
      case 'RecordCustomerRefusal': {
        // An open notice holds a refusal back only in a class with rectification.
        if (rules.steps.rectify !== undefined && this.openNotice() !== undefined) return false;
        const reopened = rules.refusalReopens.filter((s) => this.has(s));
        if (reopened.length === 0) return false;
        for (const s of reopened) this.done.splice(this.done.indexOf(s), 1);
        return true;
      }
      case 'EscalateToCoordinationMeeting':
        if (!rules.coordinationMeeting || this.escalated) return false;
        this.escalated = true;
        return true;
      case 'CloseComplaint': {
        if (this.waiting) return false;
        if (rules.serviceQuality) {
          if (!this.has('rectify') || this.openNotice() !== undefined) return false;
          // The acceptance must come after the rectification that passed.
          if (!this.has('accept') || this.done.indexOf('accept') < this.done.indexOf('rectify'))
            return false;
        }
        const required = Object.keys(rules.steps) as Step[];
        if (!required.every((s) => this.settled(s))) return false;
        this.closed = true;
        this.waiting = false;
        return true;
      }
      default:
        // Receive, classify, waits and the revisit were answered above.
        return false;
    }
  }

  private simple(step: Step): boolean {
    if (!this.ready(step) || this.has(step)) return false;
    this.complete(step);
    return true;
  }

  /** The facts compared with the aggregate's state after every command. */
  facts() {
    return {
      received: this.received,
      complaintClass: this.cls,
      done: [...this.done].sort(),
      openNotice: this.openNotice()?.id ?? null,
      notices: this.notices.map((n) => `${n.id}:${n.result}`),
      escalated: this.escalated,
      waiting: this.waiting,
      closed: this.closed,
      revisited: this.revisited,
    };
  }

  complaintClassIsUnset(): boolean {
    return this.cls === null;
  }
  noticeCount(): number {
    return this.notices.length;
  }
  openNoticeId(): string | undefined {
    return this.openNotice()?.id;
  }

  /** Steps of the current class that could be done next, for guiding generation. */
  nextSteps(): Step[] {
    if (this.cls === null) return [];
    const rules = TABLE[this.cls];
    return (Object.keys(rules.steps) as Step[]).filter((s) => {
      if (s === 'rectify') return this.openNotice() !== undefined;
      if (s === 'issueNotice')
        return this.ready(s) && this.openNotice() === undefined && !this.has('rectify');
      return this.ready(s) && !this.has(s);
    });
  }
}

/** The commands the model knows: the shape callers send, without anything optional that does not matter. */
export type ModelCommand = { readonly complaintId: string; readonly at: string } & (
  | { readonly type: 'ReceiveComplaint' }
  | { readonly type: 'ClassifyComplaint'; readonly complaintClass: string }
  | { readonly type: 'ReclassifyComplaint'; readonly complaintClass: string }
  | { readonly type: 'VerifyComplaint' }
  | { readonly type: 'ContactCustomer' }
  | { readonly type: 'NegotiateAgreement' }
  | { readonly type: 'SignAgreement' }
  | { readonly type: 'ReportToLeadership' }
  | { readonly type: 'DraftSolution' }
  | {
      readonly type: 'IssueRectificationNotice';
      readonly noticeId: string;
      readonly deadline?: string;
    }
  | {
      readonly type: 'InspectRectification';
      readonly noticeId: string;
      readonly result: 'passed' | 'failed';
    }
  | { readonly type: 'RecordCustomerAcceptance' }
  | { readonly type: 'RecordCustomerRefusal' }
  | { readonly type: 'EscalateToCoordinationMeeting' }
  | { readonly type: 'StartWaitingOnCustomer' }
  | { readonly type: 'EndWaitingOnCustomer' }
  | { readonly type: 'CloseComplaint' }
  | { readonly type: 'RevisitCustomer' }
);
