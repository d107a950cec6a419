import { type IdDocumentType } from '#domain/case/events.ts';
import { type Result, err, ok } from '#domain/result.ts';

/**
 * An identity document read from the card reader, as the counter accepts it: the document type the card
 * says it is, and still valid on the day. 《不动产登记暂行条例》第十六条第一款第（二）项 asks for the applicant's
 * identity proof; an expired document proves nothing, whatever its number checks out to.
 */
/** `validTo` is a YYYY-MM-DD date or 长期 (no end). */
export type CardValidity = { validTo: string };

export type IdDocumentProblem = 'expired' | 'not-yet-valid';

/** The card's own type text (居民身份证, 港澳台居民居住证, 外国人永久居留身份证…) as the case records it. */
export function idTypeOfCard(cardType: string): IdDocumentType {
  if (cardType.startsWith('居民身份证')) return 'resident-id';
  if (cardType.startsWith('港澳台居民居住证')) return 'hmt-residence-permit';
  if (cardType.startsWith('外国人永久居留身份证')) return 'foreign-permanent-residence';
  return 'other';
}

/** Whether the card is valid on `today` (YYYY-MM-DD, China date): from `validFrom` up to and including `validTo`. */
export function checkCardValidity(card: { validFrom: string; validTo: string }, today: string): Result<CardValidity, IdDocumentProblem> {
  if (card.validFrom > today) return err('not-yet-valid');
  if (card.validTo !== '长期' && card.validTo < today) return err('expired');
  return ok({ validTo: card.validTo });
}

export const ID_DOCUMENT_PROBLEM_TEXT: Record<IdDocumentProblem, (cardType: string, from: string, to: string) => string> = {
  expired: (cardType, _from, to) => `该${cardType}已过期（有效期至 ${to}），不能作为身份证明：请申请人出示有效的身份证件，或由其委托代理人办理`,
  'not-yet-valid': (cardType, from) => `该${cardType}的有效期自 ${from} 起，尚未生效：请申请人出示当前有效的身份证件`,
};
