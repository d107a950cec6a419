import { type IdDocumentType } from '#domain/case/events.ts';
import { checkResidentId } from '#domain/identity/resident-id.ts';
import { type Result, err, ok } from '#domain/result.ts';

/**
 * Who may query the register and what they may see (《不动产登记暂行条例》第二十七条、第二十八条; 《不动产登记资料
 * 查询暂行办法》, 国土资源部令第80号). Articles of the 办法 are cited by their numbers in the 2018 text.
 *
 * - 权利人 (and who stands in their place: 继承人、受遗赠人, 监护人, 破产管理人 …, 办法 第十七条、第十八条): the
 *   登记结果 and the 原始资料 of their own unit (办法 第十四条), found by any index, their own identity included
 *   (第十五条).
 * - 利害关系人 with proof (a sale, exchange, gift, lease or mortgage contract; a court's or arbitration body's
 *   acceptance notice): the 登记结果 of that unit (第十九条、第二十条), not the 原始资料.
 * - One who intends to buy, rent, lend on or sue over a unit but has no such proof: only whether it exists as
 *   described, is co-owned, is mortgaged, under 预告 or 异议, seized or otherwise restricted (第二十一条).
 * - A lawyer for that person may also check a named holder against the register and learn the form of
 *   co-ownership and which authority seized the unit (第二十二条); a lawyer holding a court's 调查令 sees what the
 *   order covers (第二十三条第二款).
 * - 有关国家机关: what relates to the matter they investigate (条例 第二十七条第二款), on a 协助查询 document and a
 *   work permit (实施细则 第九十七条).
 * A 利害关系人 queries by location, certificate number or unit number only, one unit per application, never by a
 * person (第二十四条), and promises not to use or disclose the result for anything else (第二十五条; 条例 第二十八条).
 */

export type RequesterKind = 'holder' | 'interested' | 'prospective' | 'lawyer' | 'authority';

export type LawyerMode = 'for-interested' | 'for-prospective' | 'court-order';

export type Identity = { name: string; idType: IdDocumentType; idNumber: string; fromCard: boolean };

export type Requester =
  | { kind: 'holder'; person: Identity; standIn: string | null }
  | { kind: 'interested'; person: Identity; proof: { kind: 'contract' | 'litigation'; number: string } }
  | { kind: 'prospective'; person: Identity }
  | {
      kind: 'lawyer';
      person: Identity;
      mode: LawyerMode;
      licenceNumber: string;
      firm: string;
      client: string;
      /** The client's proof (for-interested) or the court's 调查令 (court-order). */
      document: string;
      orderCoversOriginals: boolean;
      /** For-prospective: the holder name to check against the register (第二十二条第（一）项). */
      claimedHolder: string;
    }
  | { kind: 'authority'; person: Identity; organ: string; noticeNumber: string; permitNumber: string };

export type QueryIndex = { by: 'unit-number' | 'certificate' | 'address' | 'person'; value: string };

export type QueryRequest = { requester: Requester; purpose: string; index: QueryIndex; wantsOriginals: boolean; promised: boolean };

/** What a query may show. `facts` is 第二十一条's short list; `register` the 登记结果. */
export type QueryPermission = {
  results: 'register' | 'facts';
  /** Holder names and ID numbers in full, or names only with ID numbers masked. */
  identities: 'full' | 'masked' | 'none';
  history: boolean;
  originals: boolean;
  lawyerChecks: boolean;
  /** The articles the decision rests on, for the audit record and the printed result. */
  basis: string;
};

export type QueryRefusal =
  | 'purpose-required'
  | 'identity-missing'
  | 'identity-invalid'
  | 'proof-required'
  | 'promise-required'
  | 'not-holder'
  | 'index-not-allowed'
  | 'index-empty'
  | 'lawyer-documents-required'
  | 'authority-documents-required';

/** Facts the office looks up before deciding (the requester's claim checked against the register). */
export type QueryFacts = { requesterHoldsUnit: boolean };

const blank = (s: string) => s.trim() === '';

function checkIdentity(p: Identity): QueryRefusal | null {
  if (blank(p.name) || blank(p.idNumber)) return 'identity-missing';
  if (p.idType === 'resident-id' && !checkResidentId(p.idNumber).ok) return 'identity-invalid';
  return null;
}

/** Decides a query before anything is looked up beyond `facts`. */
export function decideQuery(q: QueryRequest, facts: QueryFacts): Result<QueryPermission, QueryRefusal> {
  const r = q.requester;
  if (blank(q.purpose)) return err('purpose-required');
  const idProblem = checkIdentity(r.person);
  if (idProblem) return err(idProblem);
  if (blank(q.index.value)) return err('index-empty');
  const byPerson = q.index.by === 'person';
  switch (r.kind) {
    case 'holder':
      if (byPerson) {
        // 第十五条第（一）项: a holder may search by their own identity only.
        return q.index.value.trim().toUpperCase() === r.person.idNumber.trim().toUpperCase()
          ? ok(permission('register', 'full', true, true, false, '办法第十四条、第十五条'))
          : err('index-not-allowed');
      }
      if (!facts.requesterHoldsUnit) return err('not-holder');
      return ok(permission('register', 'full', true, true, false, r.standIn ? '办法第十四条、第十七条、第十八条' : '办法第十四条'));
    case 'interested':
      if (byPerson) return err('index-not-allowed');
      if (blank(r.proof.number)) return err('proof-required');
      if (!q.promised) return err('promise-required');
      return ok(permission('register', 'masked', false, false, false, '办法第十九条、第二十条、第二十四条、第二十五条'));
    case 'prospective':
      if (byPerson) return err('index-not-allowed');
      if (!q.promised) return err('promise-required');
      return ok(permission('facts', 'none', false, false, false, '办法第二十一条、第二十四条、第二十五条'));
    case 'lawyer':
      return decideLawyer(q, r);
    case 'authority':
      if ([r.organ, r.noticeNumber, r.permitNumber].some(blank)) return err('authority-documents-required');
      return ok(permission('register', 'full', true, q.wantsOriginals, false, '条例第二十七条第二款、实施细则第九十七条'));
  }
}

function decideLawyer(q: QueryRequest, r: Extract<Requester, { kind: 'lawyer' }>): Result<QueryPermission, QueryRefusal> {
  if (q.index.by === 'person') return err('index-not-allowed');
  if ([r.licenceNumber, r.firm, r.client].some(blank) || (r.mode !== 'for-prospective' && blank(r.document))) return err('lawyer-documents-required');
  if (!q.promised) return err('promise-required');
  switch (r.mode) {
    case 'for-interested':
      return ok(permission('register', 'masked', false, false, false, '办法第二十条、第二十三条第一款、第二十五条'));
    case 'for-prospective':
      return ok(permission('facts', 'none', false, false, true, '办法第二十一条、第二十二条、第二十三条第一款'));
    case 'court-order':
      return ok(permission('register', 'full', true, q.wantsOriginals && r.orderCoversOriginals, false, '办法第二十三条第二款'));
  }
}

function permission(results: QueryPermission['results'], identities: QueryPermission['identities'], history: boolean, originals: boolean, lawyerChecks: boolean, basis: string): QueryPermission {
  return { results, identities, history, originals, lawyerChecks, basis };
}
