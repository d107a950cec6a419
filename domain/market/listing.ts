import { type PropertyUse } from '#domain/business/business-kinds.ts';
import { type IdDocumentType } from '#domain/case/events.ts';
import { checkResidentId } from '#domain/identity/resident-id.ts';
import { type AreaDm2 } from '#domain/map/region-summary.ts';
import { normalizeIdNumber } from './contract.ts';
import { type UnitFacts, isSeized } from './unit-facts.ts';

/**
 * Listings of the trading market (交易信息发布). A second-hand listing comes from an agency or from the owner
 * and is published only once it passes the automatic checks against the register and every item of the
 * office's verification (房源核验); new-home listings come from the building table of a permitted project.
 * A listing ends by itself when its home is sold, seized or its contract filed.
 *
 * 《城市房地产管理法》第三十八条: seized real estate (第（二）项), co-owned real estate without every co-owner's
 * consent (第（四）项) and real estate without a certificate (第（六）项) are not transferred, so they are not offered.
 */

export type ListingKind = 'second-hand' | 'new-home';
export const LISTING_KINDS: readonly ListingKind[] = ['second-hand', 'new-home'];

export type ListingSource = { kind: 'agency'; orgId: string; orgName: string; agentName: string } | { kind: 'owner' } | { kind: 'developer'; orgId: string; orgName: string };

/** The sellers of a second-hand home: kept by the office for the checks, never shown on a public page. */
export type Seller = { name: string; idType: IdDocumentType; idNumber: string };

/** What the public sees of a home: nothing that names or identifies a person (no room number, no names). */
export type ListingFacts = {
  unitNumber: string;
  districtCode: string;
  /** 小区 or road and building, without the room. */
  place: string;
  areaDm2: AreaDm2;
  priceFen: number;
  use: PropertyUse;
  rooms: number;
  halls: number;
  floor: number;
  totalFloors: number;
  description: string;
};

export type ListingStatus = 'refused' | 'verifying' | 'published' | 'rejected' | 'ended';
export type EndReason = 'sold' | 'seized' | 'filed' | 'withdrawn';

export const AUTO_CHECKS = ['registered', 'holder', 'seizure', 'filing', 'advance-notice', 'area'] as const;
export type AutoCheckItem = (typeof AUTO_CHECKS)[number];
export type AutoCheck = { item: AutoCheckItem; ok: boolean };

/**
 * The automatic checks against the register: the unit is registered; the sellers are exactly its holders
 * (every co-owner sells); no seizure, in effect or in line; no contract filing or 预告 stands on it; the
 * area offered is the area registered.
 */
export function autoCheck(sellers: readonly Seller[], areaDm2: AreaDm2, facts: UnitFacts | null, activeContractNumber: string | null): AutoCheck[] {
  const registered = facts !== null && facts.holderCount > 0;
  const sellerIds = [...new Set(sellers.map((s) => normalizeIdNumber(s.idNumber)))];
  const holder = registered && sellerIds.length === facts.holderIds.length && sellerIds.every((id) => facts.holderIds.includes(id));
  return [
    { item: 'registered', ok: registered },
    { item: 'holder', ok: holder },
    { item: 'seizure', ok: facts !== null && !isSeized(facts) },
    { item: 'filing', ok: facts !== null && facts.contractNumber === null && activeContractNumber === null },
    { item: 'advance-notice', ok: facts !== null && !facts.advanceNotice },
    { item: 'area', ok: facts?.areaDm2 === areaDm2 },
  ];
}

export const passes = (checks: readonly AutoCheck[]): boolean => checks.every((c) => c.ok);

/** What office staff verify, one by one, with the papers in front of them, before a second-hand listing is published. */
export const VERIFY_ITEMS = ['identity', 'certificate', 'commission', 'condition', 'price'] as const;
export type VerifyItem = (typeof VERIFY_ITEMS)[number];
export type Verification = { item: VerifyItem; ok: boolean; note: string; staffId: string; at: string };

export type ListingInputProblem =
  | { code: 'no-sellers' }
  | { code: 'seller-name'; index: number }
  | { code: 'seller-id'; index: number; detail: string }
  | { code: 'price' }
  | { code: 'area' }
  | { code: 'layout' }
  | { code: 'floor' }
  | { code: 'place' }
  | { code: 'description' };

export const MAX_DESCRIPTION = 500;

/** The submission's own consistency, before the register is asked. */
export function checkListingInput(f: ListingFacts, sellers: readonly Seller[], today: string): ListingInputProblem[] {
  const out: ListingInputProblem[] = [];
  if (sellers.length === 0) out.push({ code: 'no-sellers' });
  sellers.forEach((s, index) => {
    if (s.name.trim() === '') out.push({ code: 'seller-name', index });
    const r = s.idType === 'resident-id' ? checkResidentId(s.idNumber, today) : null;
    if (r && !r.ok) out.push({ code: 'seller-id', index, detail: r.error });
  });
  if (!Number.isSafeInteger(f.priceFen) || f.priceFen <= 0 || f.priceFen > 10_000_000_000_000) out.push({ code: 'price' });
  if (!Number.isSafeInteger(f.areaDm2) || f.areaDm2 <= 0) out.push({ code: 'area' });
  if (!Number.isInteger(f.rooms) || !Number.isInteger(f.halls) || f.rooms < 0 || f.rooms > 20 || f.halls < 0 || f.halls > 10) out.push({ code: 'layout' });
  if (!Number.isInteger(f.floor) || !Number.isInteger(f.totalFloors) || f.totalFloors < 1 || f.floor === 0 || f.floor > f.totalFloors || f.floor < -5) out.push({ code: 'floor' });
  if (f.place.trim() === '' || f.place.length > 100) out.push({ code: 'place' });
  if (f.description.length > MAX_DESCRIPTION) out.push({ code: 'description' });
  return out;
}

export type VerifyRefusal = 'not-verifying' | 'already-verified' | 'note-missing';

/**
 * Records one verified item: the listing's next status (still verifying, published when every item is
 * verified, rejected on the first item that fails), or why the item cannot be recorded.
 */
export function decideVerification(status: ListingStatus, done: readonly Verification[], v: Verification): { ok: true; next: ListingStatus } | { ok: false; error: VerifyRefusal } {
  if (status !== 'verifying') return { ok: false, error: 'not-verifying' };
  if (done.some((d) => d.item === v.item)) return { ok: false, error: 'already-verified' };
  // A failed item must say what is wrong: the submitter is told it.
  if (!v.ok && [...v.note.trim()].length < 4) return { ok: false, error: 'note-missing' };
  if (!v.ok) return { ok: true, next: 'rejected' };
  const items = new Set([...done.filter((d) => d.ok).map((d) => d.item), v.item]);
  return { ok: true, next: VERIFY_ITEMS.every((i) => items.has(i)) ? 'published' : 'verifying' };
}

/** Why a live listing must end now, from what the register and the filings say of its unit; null while it may stay. */
export function endReasonFor(kind: ListingKind, facts: UnitFacts | null, activeContractNumber: string | null, sellerIds: readonly string[]): EndReason | null {
  if (facts && isSeized(facts)) return 'seized';
  if (activeContractNumber !== null || facts?.contractNumber) return 'filed';
  // A second-hand home whose holders changed has been sold (its 转移登记 is in the register).
  if (kind === 'second-hand' && facts && facts.holderCount > 0 && !sellerIds.every((id) => facts.holderIds.includes(normalizeIdNumber(id)))) return 'sold';
  return null;
}

/** Listings still open to the public or still in the office's hands (one per unit at a time). */
export const LIVE_STATUSES: readonly ListingStatus[] = ['verifying', 'published'];
