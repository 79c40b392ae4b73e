import { NonEmptyText } from '../shared/nonempty';
import { Instant } from '../shared/time';
import type { ComplaintCommandType } from './commands';
import {
  type Fields,
  isCustomer,
  isOptionalString,
  isOptionalStrings,
  isRecord,
  isReference,
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

/** The fields only a command of `type` has, checked as its codec checks them. */
const ownFieldsPass = (type: ComplaintCommandType, c: Fields): boolean => {
  switch (type) {
    case 'ReceiveComplaint':
      return (
        Code.is(c.centre) &&
        Channel.is(c.channel) &&
        isCustomer(c.customer) &&
        NonEmptyText.is(c.summary) &&
        (c.reference === undefined || isReference(c.reference)) &&
        (c.repeatOf === undefined || ComplaintId.is(c.repeatOf))
      );
    case 'ClassifyComplaint':
      return isString(c.complaintClass) && isOptionalString(c.reason);
    case 'ReclassifyComplaint':
      return isString(c.complaintClass) && NonEmptyText.is(c.reason);
    case 'VerifyComplaint':
      return (
        NonEmptyText.is(c.finding) &&
        (c.substantiated === undefined || typeof c.substantiated === 'boolean') &&
        isOptionalString(c.responsibleDepartment)
      );
    case 'ContactCustomer':
      return NonEmptyText.is(c.explanation);
    case 'NegotiateAgreement':
      return NonEmptyText.is(c.agreement);
    case 'SignAgreement':
      return NonEmptyText.is(c.signedBy);
    case 'ReportToLeadership':
      return isOptionalStrings(c.reportedTo);
    case 'DraftSolution':
      return NonEmptyText.is(c.solution);
    case 'IssueRectificationNotice':
      return (
        Code.is(c.noticeId) &&
        NonEmptyText.is(c.responsibleDepartment) &&
        NonEmptyText.is(c.requirements) &&
        (c.deadline === undefined || Instant.is(c.deadline)) &&
        isOptionalStrings(c.responsiblePeople)
      );
    case 'InspectRectification':
      return Code.is(c.noticeId) && InspectionResult.is(c.result) && isOptionalString(c.remarks);
    case 'RecordCustomerAcceptance':
      return isOptionalString(c.remarks);
    case 'RecordCustomerRefusal':
    case 'EscalateToCoordinationMeeting':
    case 'StartWaitingOnCustomer':
      return NonEmptyText.is(c.reason);
    case 'EndWaitingOnCustomer':
      return true;
    case 'CloseComplaint':
      return NonEmptyText.is(c.result) && WrittenNoticeChannel.is(c.writtenNotice);
    case 'RevisitCustomer':
      return RevisitVerdict.is(c.verdict) && isOptionalString(c.notes);
  }
};

/**
 * `COMMAND_CODECS[type].is(input)`, written out: the codecs' intersections and object types
 * build closures and walk their props on every call, and `decide` checks every command it
 * is given. The leaves (ids, instants, texts, enumerations) are the codecs' own. A property
 * test holds this to the codecs on valid commands, on commands with any one field broken,
 * and on arbitrary values.
 */
export const isCommandOfType = (type: ComplaintCommandType, input: unknown): boolean =>
  isRecord(input) &&
  input.type === type &&
  ComplaintId.is(input.complaintId) &&
  Instant.is(input.at) &&
  isOptionalString(input.commandId) &&
  isOptionalString(input.actor) &&
  ownFieldsPass(type, input);
