import type { CentreCommand } from '../../centre/commands';
import type { ComplaintCommand } from '../../complaint/commands';
import { addMonths, monthRange, parseYearMonth } from '../../centre/month';
import { HOUR_MS } from '../../shared/time';

/**
 * The demo store: four centres over six months, written as commands so that every event
 * goes through the aggregate's rules. Deterministic: the same arguments give the same
 * commands, so the demo report is the same on every machine.
 */

export interface DemoCentre {
  readonly id: string;
  readonly name: string;
  readonly zh: string;
}

export const DEMO_CENTRES: readonly DemoCentre[] = [
  { id: 'service-management', name: 'Service management centre', zh: '服务管理中心' },
  { id: 'operations', name: 'Operations centre', zh: '运作中心' },
  { id: 'delivery', name: 'Product delivery centre', zh: '产品实施中心' },
  { id: 'call-centre', name: 'Call centre', zh: '客服中心' },
];

type Speed = 'normal' | 'lateVerify' | 'slow';

/** How one demo complaint goes. */
interface Profile {
  readonly speed: Speed;
  readonly failInspection: boolean;
  readonly refused: boolean;
  readonly revisit: 'inTime' | 'late' | 'none';
  readonly repeat: boolean;
  /** Left open after this many steps (the last month's newest complaints). */
  readonly openAfter: number | null;
}

const normal: Profile = {
  speed: 'normal',
  failInspection: false,
  refused: false,
  revisit: 'inTime',
  repeat: false,
  openAfter: null,
};

/**
 * How each centre fares each month, from 0 (clean) to 3 (bad): the call centre slides below
 * 80 for the last three months (a remediation plan), operations dips twice with a good month
 * between (no plan), the service management centre stays clean (the star).
 */
const BADNESS: Readonly<Record<string, readonly number[]>> = {
  'service-management': [1, 0, 0, 0, 0, 1],
  operations: [0, 1, 1, 3, 1, 3],
  delivery: [1, 1, 0, 1, 2, 1],
  'call-centre': [0, 1, 2, 3, 3, 3],
};

const profilesFor = (badness: number, count: number): Profile[] => {
  const list: Profile[] = Array.from({ length: count }, () => normal);
  const set = (i: number, p: Partial<Profile>) => {
    if (i < list.length) list[i] = { ...list[i]!, ...p };
  };
  if (badness >= 1) {
    set(1, { speed: 'lateVerify' });
    set(3, { revisit: 'late' });
  }
  if (badness >= 2) {
    set(0, { speed: 'slow' });
    set(2, { failInspection: true, refused: true });
    set(4, { repeat: true });
  }
  if (badness >= 3) {
    set(1, { speed: 'slow' });
    set(3, { speed: 'slow', revisit: 'none' });
    set(5, { failInspection: true, repeat: true });
  }
  return list;
};

const CLASSES = [
  'generalServiceQuality',
  'general',
  'majorServiceQuality',
  'generalServiceQuality',
  'invalid',
  'general',
] as const;
const CHANNELS = ['phone', 'phone', 'online', 'letter', 'inPerson', 'online'] as const;
const DEPARTMENTS = ['fleet', 'warehouse', 'billing', 'customs brokerage', 'last-mile'] as const;
const SUMMARIES: Readonly<Record<string, readonly string[]>> = {
  invalid: ['Wants compensation for a typhoon delay', 'Disputes a surcharge the contract allows'],
  general: ['Invoice shows the wrong weight', 'Proof of delivery missing from the portal'],
  generalServiceQuality: ['Driver was rude at delivery', 'Parcel left outside in the rain'],
  majorServiceQuality: ['Cold-chain shipment spoiled', 'Container sent to the wrong port'],
};

/** Small deterministic generator (mulberry32). */
const random = (seed: number) => {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export interface TimedCommand {
  readonly at: number;
  readonly command:
    | { readonly kind: 'complaint'; readonly command: ComplaintCommand }
    | {
        readonly kind: 'centre';
        readonly command: CentreCommand;
      };
}

const iso = (ms: number): string => new Date(ms).toISOString();

interface Ctx {
  readonly id: string;
  readonly t0: number;
  readonly out: TimedCommand[];
  readonly department: string;
  steps: number;
  readonly openAfter: number | null;
}

/** Add a command `hours` after receipt unless the complaint was left open before it. */
const at = (ctx: Ctx, hours: number, make: (at: string) => ComplaintCommand): boolean => {
  if (ctx.openAfter !== null && ctx.steps >= ctx.openAfter) return false;
  const ms = ctx.t0 + hours * HOUR_MS;
  ctx.out.push({ at: ms, command: { kind: 'complaint', command: make(iso(ms)) } });
  ctx.steps++;
  return true;
};

const base = (ctx: Ctx) => ({ complaintId: ctx.id });

/** Hours after receipt of each step, by speed: `slow` misses most limits of every class. */
const planClass = (ctx: Ctx, cls: string, p: Profile): number | null => {
  const k = p.speed === 'slow' ? 3 : 1;
  const shift = p.speed === 'lateVerify' ? 30 : 0;
  const dept = ctx.department;
  const step = (hours: number, make: (at: string) => ComplaintCommand) => at(ctx, hours, make);
  const verify = (h: number) =>
    step(h, (a) => ({
      type: 'VerifyComplaint',
      ...base(ctx),
      at: a,
      finding: 'Checked with the records and the staff involved',
      substantiated: cls !== 'invalid',
      responsibleDepartment: dept,
    }));
  switch (cls) {
    case 'invalid': {
      verify(10 * k + shift);
      step(20 * k + shift, (a) => ({
        type: 'ContactCustomer',
        ...base(ctx),
        at: a,
        explanation: 'The contract excludes this case',
      }));
      let end = 22 * k + shift;
      if (p.refused) {
        step(end, (a) => ({
          type: 'RecordCustomerRefusal',
          ...base(ctx),
          at: a,
          reason: 'Does not accept the explanation',
        }));
        step(end + 2, (a) => ({
          type: 'ContactCustomer',
          ...base(ctx),
          at: a,
          explanation: 'Explained again with the clause',
        }));
        end += 3;
      }
      return step(end, (a) => ({
        type: 'CloseComplaint',
        ...base(ctx),
        at: a,
        result: 'Explained; no liability',
        writtenNotice: 'letter',
      }))
        ? end
        : null;
    }
    case 'general': {
      verify(20 * k + shift);
      step(40 * k + shift, (a) => ({
        type: 'NegotiateAgreement',
        ...base(ctx),
        at: a,
        agreement: 'Corrected documents and a discount',
      }));
      step(50 * k + shift, (a) => ({
        type: 'SignAgreement',
        ...base(ctx),
        at: a,
        signedBy: 'Deputy GM',
      }));
      let end = 60 * k + shift;
      if (p.refused) {
        step(52 * k + shift, (a) => ({
          type: 'RecordCustomerRefusal',
          ...base(ctx),
          at: a,
          reason: 'Discount too small',
        }));
        step(55 * k + shift, (a) => ({
          type: 'NegotiateAgreement',
          ...base(ctx),
          at: a,
          agreement: 'Larger discount',
        }));
        step(58 * k + shift, (a) => ({
          type: 'SignAgreement',
          ...base(ctx),
          at: a,
          signedBy: 'Deputy GM',
        }));
        end += 2;
      }
      return step(end, (a) => ({
        type: 'CloseComplaint',
        ...base(ctx),
        at: a,
        result: 'Agreement carried out',
        writtenNotice: 'email',
      }))
        ? end
        : null;
    }
    default: {
      const major = cls === 'majorServiceQuality';
      const v = (major ? 6 : 10) * k + shift;
      verify(v);
      let t: number;
      if (major) {
        step(v + 0.5, (a) => ({ type: 'ReportToLeadership', ...base(ctx), at: a }));
        step(30 * k + shift, (a) => ({
          type: 'NegotiateAgreement',
          ...base(ctx),
          at: a,
          agreement: 'Compensation and a corrective plan',
        }));
        t = 40 * k + shift;
      } else {
        step(20 * k + shift, (a) => ({
          type: 'DraftSolution',
          ...base(ctx),
          at: a,
          solution: 'Retrain the staff involved; apologise in writing',
        }));
        t = 30 * k + shift;
      }
      const notice = (id: string, issued: number, hours: number) =>
        step(issued, (a) => ({
          type: 'IssueRectificationNotice',
          ...base(ctx),
          at: a,
          noticeId: id,
          responsibleDepartment: dept,
          requirements: 'Correct the procedure and train the team',
          deadline: iso(ctx.t0 + (issued + hours) * HOUR_MS),
        }));
      const inspect = (id: string, when: number, result: 'passed' | 'failed') =>
        step(when, (a) => ({
          type: 'InspectRectification',
          ...base(ctx),
          at: a,
          noticeId: id,
          result,
        }));
      notice('N1', t, 72);
      // Slow: the inspection comes long after the notice's deadline.
      t += p.speed === 'slow' ? 150 : 50;
      let n = 1;
      if (p.failInspection) {
        inspect('N1', t, 'failed');
        n = 2;
        notice('N2', t + 1, 48);
        t += 40;
      }
      inspect(`N${n}`, t, 'passed');
      if (p.refused) {
        step(t + 5, (a) => ({
          type: 'RecordCustomerRefusal',
          ...base(ctx),
          at: a,
          reason: 'The result is not what was promised',
        }));
        n++;
        notice(`N${n}`, t + 6, 48);
        t += 40;
        inspect(`N${n}`, t, 'passed');
      }
      step(t + 10, (a) => ({ type: 'RecordCustomerAcceptance', ...base(ctx), at: a }));
      const end = t + 12;
      return step(end, (a) => ({
        type: 'CloseComplaint',
        ...base(ctx),
        at: a,
        result: 'Rectified and accepted',
        writtenNotice: 'letter',
      }))
        ? end
        : null;
    }
  }
};

export interface DemoOptions {
  /** The last month of the demo, e.g. `2026-06`; six months end with it. */
  readonly lastMonth: string;
  readonly months?: number;
}

/** Every command of the demo, in time order. */
export const demoCommands = (options: DemoOptions): TimedCommand[] => {
  const count = options.months ?? 6;
  const first = addMonths(options.lastMonth, -(count - 1));
  const months = monthRange(first, options.lastMonth);
  const out: TimedCommand[] = [];
  const rand = random(20260101);
  const firstParts = parseYearMonth(first)!;
  // 08:00 in Shanghai on the first day of the demo.
  const registeredAt = Date.UTC(firstParts.year, firstParts.month - 1, 1, 0, 0);
  for (const c of DEMO_CENTRES)
    out.push({
      at: registeredAt,
      command: {
        kind: 'centre',
        command: {
          type: 'RegisterCentre',
          centre: c.id,
          at: iso(registeredAt),
          name: c.name,
          zh: c.zh,
        },
      },
    });
  const previous = new Map<string, string>();
  months.forEach((month, mi) => {
    const { year, month: mm } = parseYearMonth(month)!;
    DEMO_CENTRES.forEach((centre, ci) => {
      const badness = BADNESS[centre.id]?.[(mi + (BADNESS[centre.id]!.length - count)) % 6] ?? 0;
      const perMonth = 6;
      const profiles = profilesFor(badness, perMonth);
      profiles.forEach((profile, i) => {
        const last = mi === months.length - 1;
        // The newest complaints of the last month are still being handled.
        const openAfter = last && i >= perMonth - 2 ? 2 + (i % 3) : null;
        const day = 2 + i * 4 + ci;
        // 09:00–15:00 in Shanghai.
        const t0 = Date.UTC(
          year,
          mm - 1,
          day,
          1 + Math.floor(rand() * 6),
          Math.floor(rand() * 4) * 15,
        );
        const id = `${centre.id.slice(0, 3).toUpperCase()}-${month.replace('-', '')}-${String(i + 1).padStart(2, '0')}`;
        const cls = CLASSES[(i + ci + mi) % CLASSES.length]!;
        const p = { ...profile, openAfter };
        const summaries = SUMMARIES[cls]!;
        const repeatOf = p.repeat ? previous.get(centre.id) : undefined;
        out.push({
          at: t0,
          command: {
            kind: 'complaint',
            command: {
              type: 'ReceiveComplaint',
              complaintId: id,
              at: iso(t0),
              centre: centre.id,
              channel: CHANNELS[(i + mi) % CHANNELS.length]!,
              customer: {
                id: `CUST-${(ci * 37 + i * 11 + mi * 5) % 60}`,
                grade: (['A', 'B', 'C', 'D'] as const)[i % 4]!,
              },
              reference: { shipmentId: `SHP-${id}` },
              summary: summaries[(i + mi) % summaries.length]!,
              ...(repeatOf === undefined ? {} : { repeatOf }),
            },
          },
        });
        const ctx: Ctx = {
          id,
          t0,
          out,
          department: DEPARTMENTS[(i + ci) % DEPARTMENTS.length]!,
          steps: 0,
          openAfter: p.openAfter,
        };
        at(ctx, 1, (a) => ({
          type: 'ClassifyComplaint',
          ...base(ctx),
          at: a,
          complaintClass: cls,
        }));
        const closedAfter = planClass(ctx, cls, p);
        if (closedAfter !== null && p.revisit !== 'none') {
          const days = p.revisit === 'late' ? 35 : 8 + ((i * 3) % 15);
          at(ctx, closedAfter + days * 24, (a) => ({
            type: 'RevisitCustomer',
            ...base(ctx),
            at: a,
            verdict: (['satisfied', 'satisfied', 'neutral', 'satisfied', 'dissatisfied'] as const)[
              (i + ci + mi) % 5
            ]!,
          }));
        }
        previous.set(centre.id, id);
      });
      // 监听考核分值 and 拨测评定分数, recorded early the next month.
      const next = parseYearMonth(addMonths(month, 1))!;
      const recordedAt = Date.UTC(next.year, next.month - 1, 2, 2, ci * 5);
      const monitoring = 97 - badness * 4 - ci;
      const testCall = 95 - badness * 3 - ((ci * 2) % 5);
      out.push({
        at: recordedAt,
        command: {
          kind: 'centre',
          command: {
            type: 'RecordMonitoringScore',
            centre: centre.id,
            at: iso(recordedAt),
            month,
            score: monitoring,
            outOf: 100,
            actor: 'quality team',
          },
        },
      });
      out.push({
        at: recordedAt + 60_000,
        command: {
          kind: 'centre',
          command: {
            type: 'RecordTestCallScore',
            centre: centre.id,
            at: iso(recordedAt + 60_000),
            month,
            score: testCall,
            outOf: 100,
            actor: 'quality team',
          },
        },
      });
    });
  });
  return out.sort((a, b) => a.at - b.at);
};
