import * as fc from 'fast-check';
import type {
  Channel,
  Customer,
  CustomerGrade,
  InspectionResult,
  Reference,
  RevisitVerdict,
  WrittenNoticeChannel,
} from '../../complaint/vocabulary';

/**
 * The centres POLICY.md names (服务管理中心, 运作中心, 产品实施中心, 客服中心). Generators
 * mostly pick these, so that per-centre projections see several complaints per centre.
 */
export const CENTRES = [
  'service-management',
  'operations',
  'product-delivery',
  'call-centre',
] as const;

/** An id as people and other systems write them: `[A-Za-z0-9][A-Za-z0-9._:-]*`. */
export const code = (maxLength = 24): fc.Arbitrary<string> =>
  fc.stringMatching(new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${Math.max(0, maxLength - 1)}}$`));

/** A receiving centre: one of the four named ones, sometimes a centre of the user's own. */
export const centre = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...CENTRES) },
    { weight: 1, arbitrary: code(16) },
  );

/** Complaint ids as printed on the complaint record (客户投诉记录表), or any valid id. */
export const complaintId = (): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.integer({ min: 2024, max: 2030 }), fc.integer({ min: 1, max: 99_999 }))
        .map(([y, n]) => `C-${y}-${String(n).padStart(5, '0')}`),
    },
    { weight: 1, arbitrary: code(40) },
  );

const PHRASES = [
  'Pallet of steel coils arrived dented',
  '货物破损, 外包装受潮',
  'Driver was rude at delivery',
  'Shipment two days late',
  'Invoice charged twice',
  '送货员未按约定时间送达',
  'Forklift damage at the depot',
  'Refund of the freight charge',
  'Retrain the loading crew',
  '整改: 加装护角',
];

/** Text that must not be blank: realistic phrases, sometimes any string with a visible character. */
export const text = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...PHRASES) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.string({ maxLength: 20 }), fc.string({ minLength: 1, maxLength: 20 }))
        .map(([a, b]) => `${a}${b.trim() === '' ? 'x' : b}`),
    },
  );

export const channel = (): fc.Arbitrary<Channel> =>
  fc.constantFrom('phone', 'letter', 'inPerson', 'online');
export const customerGrade = (): fc.Arbitrary<CustomerGrade> => fc.constantFrom('A', 'B', 'C', 'D');
export const inspectionResult = (): fc.Arbitrary<InspectionResult> =>
  fc.constantFrom('passed', 'failed');
export const revisitVerdict = (): fc.Arbitrary<RevisitVerdict> =>
  fc.constantFrom('satisfied', 'neutral', 'dissatisfied', 'unreachable');
export const writtenNoticeChannel = (): fc.Arbitrary<WrittenNoticeChannel> =>
  fc.constantFrom('letter', 'email', 'fax', 'sms', 'handDelivered');

export const customer = (): fc.Arbitrary<Customer> =>
  fc.record(
    {
      id: code(16),
      name: fc.constantFrom('Anhui Steel', '合肥家电', 'Li Wei', 'Northern Grain Co.'),
      grade: customerGrade(),
    },
    { requiredKeys: ['id'] },
  );

export const reference = (): fc.Arbitrary<Reference> =>
  fc.record(
    {
      orderId: code(12).map((s) => `ORD-${s}`),
      shipmentId: code(12).map((s) => `SHP-${s}`),
    },
    { requiredKeys: [] },
  );
