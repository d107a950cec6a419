import { assertNever } from '#domain/assert.ts';
import { BUSINESS_KINDS } from '#domain/business/business-kinds.ts';
import { type AcceptedPayload, type Applicant } from '#domain/case/events.ts';
import { type Holder, type RegisterEntryBody } from './entries.ts';
import { type RegisterView } from './project.ts';

/**
 * The register entries one case's 登簿 makes on one of its units (条例 第二十一条: registration is complete when it
 * is written in the register). The case's intake says who holds what; what it does not carry (a loan's amount,
 * the certificate number given at 缮证) stays unrecorded rather than guessed.
 */

const holdersOf = (applicants: readonly Applicant[]): Holder[] => {
  const side = applicants.filter((a) => a.side === 'holder');
  return side.map((a) => ({ name: a.name, idType: a.idType, idNumber: a.idNumber, holding: side.length === 1 ? { kind: 'sole' } : { kind: 'joint' } }));
};

const namesOf = (applicants: readonly Applicant[], side: Applicant['side']) =>
  applicants.filter((a) => a.side === side).map((a) => a.name).join('、');

/** `key` makes ids for the rights this 登簿 creates, unique per event and unit. */
export function entriesFromRegistration(intake: AcceptedPayload, current: RegisterView, key: string): RegisterEntryBody[] {
  const kind = intake.businessKind;
  const holders = holdersOf(intake.applicants);
  const noted: RegisterEntryBody = { kind: 'case-registered', businessKind: kind, note: `${BUSINESS_KINDS[kind].name}（详见案件材料）` };
  switch (kind) {
    case 'first':
    case 'transfer':
    case 'change':
    case 'correction':
      return holders.length === 0 ? [noted] : [{ kind: 'ownership-registered', cause: kind, holders, certificateNumber: null }];
    case 'cancel':
      return [{ kind: 'ownership-cancelled', reason: '注销登记' }];
    case 'mortgage-first':
      return [mortgage(intake, `${key}:m`)];
    case 'mortgage-transfer': {
      const old = current.mortgages[0];
      return old ? [{ kind: 'mortgage-cancelled', mortgageId: old.mortgageId, reason: '抵押权转移' }, mortgage(intake, `${key}:m`)] : [noted];
    }
    case 'mortgage-cancel': {
      // The mortgage of the mortgagee who applies; the earliest when the intake does not name one.
      const by = namesOf(intake.applicants, 'holder');
      const target = current.mortgages.find((m) => by.includes(m.mortgagee)) ?? current.mortgages[0];
      return target ? [{ kind: 'mortgage-cancelled', mortgageId: target.mortgageId, reason: '抵押权注销登记' }] : [noted];
    }
    case 'advance-notice':
      return [{ kind: 'advance-notice-registered', noticeId: `${key}:a`, holders, certificateNumber: null }];
    case 'objection':
      return [{ kind: 'objection-registered', objectionId: `${key}:o`, applicant: namesOf(intake.applicants, 'holder') || namesOf(intake.applicants, 'obligor'), matter: '见异议登记申请材料' }];
    case 'mortgage-change':
    case 'seizure':
    case 'other':
      return [noted];
    default:
      return assertNever(kind, 'business kind');
  }
}

function mortgage(intake: AcceptedPayload, mortgageId: string): RegisterEntryBody {
  return {
    kind: 'mortgage-registered', mortgageId, mortgagee: namesOf(intake.applicants, 'holder'), debtor: namesOf(intake.applicants, 'obligor') || null,
    amountFen: null, maximum: false, termFrom: null, termTo: null, certificateNumber: null,
  };
}
