import { NonEmptyText } from '../shared/nonempty';
import { Instant } from '../shared/time';
import type { ComplaintEventType } from './events';
import {
  type Fields,
  isCustomer,
  isOptionalString,
  isStrings,
  isRecord,
  isReference,
  isSteps,
  isString,
} from './field-checks';
import {
  Channel,
  Code,
  ComplaintId,
  InspectionResult,
  RevisitVerdict,
  WrittenNoticeChannel,
} from './vocabulary';

/** The data fields of an event of `type` besides `at`, checked as its codec checks them. */
const ownFieldsPass = (type: ComplaintEventType, d: Fields): boolean => {
  switch (type) {
    case 'ComplaintReceived':
      return (
        ComplaintId.is(d.complaintId) &&
        Code.is(d.centre) &&
        Channel.is(d.channel) &&
        isCustomer(d.customer) &&
        NonEmptyText.is(d.summary) &&
        (d.reference === undefined || isReference(d.reference)) &&
        (d.repeatOf === undefined || ComplaintId.is(d.repeatOf))
      );
    case 'ComplaintClassified':
      return isString(d.complaintClass) && isOptionalString(d.reason);
    case 'ComplaintReclassified':
      return isString(d.from) && isString(d.to) && NonEmptyText.is(d.reason);
    case 'ComplaintVerified':
      return (
        NonEmptyText.is(d.finding) &&
        (d.substantiated === undefined || typeof d.substantiated === 'boolean') &&
        isOptionalString(d.responsibleDepartment)
      );
    case 'CustomerContacted':
      return NonEmptyText.is(d.explanation);
    case 'AgreementNegotiated':
      return NonEmptyText.is(d.agreement);
    case 'AgreementSigned':
      return NonEmptyText.is(d.signedBy);
    case 'ReportedToLeadership':
      return isStrings(d.reportedTo);
    case 'SolutionDrafted':
      return NonEmptyText.is(d.solution);
    case 'RectificationNoticeIssued':
      return (
        Code.is(d.noticeId) &&
        NonEmptyText.is(d.responsibleDepartment) &&
        NonEmptyText.is(d.requirements) &&
        Instant.is(d.deadline) &&
        (d.responsiblePeople === undefined || isStrings(d.responsiblePeople))
      );
    case 'RectificationInspected':
      return Code.is(d.noticeId) && InspectionResult.is(d.result) && isOptionalString(d.remarks);
    case 'CustomerAccepted':
      return isOptionalString(d.remarks);
    case 'CustomerRefused':
      return NonEmptyText.is(d.reason) && isSteps(d.reopened);
    case 'EscalatedToCoordinationMeeting':
    case 'CustomerWaitStarted':
      return NonEmptyText.is(d.reason);
    case 'CustomerWaitEnded':
      return true;
    case 'ComplaintClosed':
      return NonEmptyText.is(d.result) && WrittenNoticeChannel.is(d.writtenNotice);
    case 'ComplaintRevisited':
      return RevisitVerdict.is(d.verdict) && isOptionalString(d.notes);
  }
};

/**
 * `EVENT_CODECS[type].is({ type, data })`, written out: replaying a stream decodes every
 * event in it, and the codecs' intersections walk their props through closures on every
 * call. The leaves (ids, instants, texts, enumerations) are the codecs' own. A property
 * test holds this to the codecs on valid events, on events with any one field broken, and
 * on arbitrary values.
 */
export const isEventDataOfType = (type: ComplaintEventType, data: unknown): boolean =>
  isRecord(data) && Instant.is(data.at) && ownFieldsPass(type, data);
