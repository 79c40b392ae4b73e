import * as t from 'io-ts';

/** 投诉渠道: phone 电话, letter 信函, in person 当面, online 网络. */
export const Channel = t.keyof(
  { phone: null, letter: null, inPerson: null, online: null },
  'Channel',
);
export type Channel = t.TypeOf<typeof Channel>;

/** 客户分级 by size and value. */
export const CustomerGrade = t.keyof({ A: null, B: null, C: null, D: null }, 'CustomerGrade');
export type CustomerGrade = t.TypeOf<typeof CustomerGrade>;

/** 检查结果: a rectification passes (合格) or fails (不合格) inspection. */
export const InspectionResult = t.keyof({ passed: null, failed: null }, 'InspectionResult');
export type InspectionResult = t.TypeOf<typeof InspectionResult>;

/** What the customer said when the centre called back (回访). */
export const RevisitVerdict = t.keyof(
  { satisfied: null, neutral: null, dissatisfied: null, unreachable: null },
  'RevisitVerdict',
);
export type RevisitVerdict = t.TypeOf<typeof RevisitVerdict>;

/** How the written result (书面通知) went to the customer. */
export const WrittenNoticeChannel = t.keyof(
  { letter: null, email: null, fax: null, sms: null, handDelivered: null },
  'WrittenNoticeChannel',
);
export type WrittenNoticeChannel = t.TypeOf<typeof WrittenNoticeChannel>;

/** What each ASCII character may be in an id: 1 a letter or digit, 2 one of `._:-`. */
const ID_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')
  ID_CHAR[c.charCodeAt(0)] = 1;
for (const c of '._:-') ID_CHAR[c.charCodeAt(0)] = 2;

/**
 * `^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$`, by table: every complaint event read for a
 * projection checks one or more ids, and a lookup per character measured about twice as
 * fast as the RegExp.
 */
const isId = (s: string): boolean => {
  const n = s.length;
  if (n < 1 || n > 128) return false;
  let c = s.charCodeAt(0);
  if (c > 127 || ID_CHAR[c] !== 1) return false;
  for (let i = 1; i < n; i++) {
    c = s.charCodeAt(i);
    if (c > 127 || ID_CHAR[c] === 0) return false;
  }
  return true;
};

/** A complaint's id, as printed on the complaint record (客户投诉记录表). */
export type ComplaintId = string;
export const ComplaintId: t.Type<ComplaintId, string, unknown> = t.refinement(
  t.string,
  isId,
  'ComplaintId',
);

/** An id chosen by people or another system: centres, notices, customers. */
export const Code = t.refinement(t.string, isId, 'Code');

export const Customer = t.intersection(
  [t.type({ id: Code }), t.partial({ name: t.string, grade: CustomerGrade })],
  'Customer',
);
export type Customer = t.TypeOf<typeof Customer>;

/** The order or shipment the complaint is about. */
export const Reference = t.partial({ orderId: t.string, shipmentId: t.string }, 'Reference');
export type Reference = t.TypeOf<typeof Reference>;

export const complaintStreamId = (complaintId: string): string => `complaint-${complaintId}`;
export const COMPLAINT_STREAM_PREFIX = 'complaint-';
