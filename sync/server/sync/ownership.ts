import { type VanCollection } from '#protocol/collections.ts';
import { type ReceiptBlock, type TripDoc } from '#protocol/documents/office.ts';
import { type Rejection } from '#protocol/messages.ts';
import { isGranted } from '#protocol/domain-bridge.ts';

/**
 * Who may write what: every ownership rule of a van's push, in one place. The pushing device is the one
 * the office enrolled (its token), never what a document says about itself. The rules are pure: the
 * storage answers the few facts they need (`OwnershipFacts`) inside the write transaction.
 *
 * - A document's `deviceId` is the pushing device's own.
 * - Ids that begin with `office-` are the office's own (its review events); no device may write one, so an
 *   office write can never land on a van's row, nor a van's on the office's.
 * - A case belongs to the device that first wrote anything of it (its header, or an event, receipt or scan
 *   that arrived before the header: each collection replicates on its own); only that device may add to it.
 *   Case ids are random ids made on the device, so the first writer is the device that made it. (A device
 *   pulls back only its own cases, so no other device, of its van or another, can hold the case to add to.)
 * - A case and a receipt are only written on a trip of the device's own van.
 * - A receipt number comes from that trip's block. An event that names a receipt number (收费, 作废, 重打)
 *   names one of its own van's trip blocks, and, when that receipt is already stored, one of the same case.
 */

/** Prefix of every document id the office writes in a collection vans also write. */
export const OFFICE_ID_PREFIX = 'office-';

export type PushingDevice = { id: string; vanId: string };

/** What the rules need to know from storage. */
export type OwnershipFacts = {
  /** The device (and its van) that owns a case, once any document of it is stored. */
  caseOwner(caseId: string): PushingDevice | undefined;
  trip(tripId: string): TripDoc | undefined;
  /** The trips planned for a van (the receipt blocks it may number from). */
  tripsOfVan(vanId: string): readonly TripDoc[];
  /** The stored receipt that holds a number, if any. */
  receiptWithNumber(number: string): { id: string; caseId: string } | undefined;
  /** The runs of a trip's receipt block the office granted to the pushing device (domain/receipts/grants.ts). */
  grantsOf(tripId: string): readonly { first: number; last: number }[];
};

/** The fields of a pushed document the rules read, already schema-checked. */
export type OwnedDocument = {
  collection: VanCollection;
  id: string;
  /** Null for a trip ledger entry (a visit outcome), which belongs to no case. */
  caseId: string | null;
  tripId?: string;
  /** A receipt's own number. */
  receiptNumber?: string;
  /** The receipt number a case event names (收费, 作废, 重打). */
  namesReceipt?: string;
  /** The event is the 收费 that printed `namesReceipt`. */
  chargesReceipt?: boolean;
};

type Refusal = Omit<Rejection, 'id'>;
type InBlock = (number: string, block: ReceiptBlock) => boolean;

/** Rules that need no stored state: the document's own device and the office's id namespace. */
export function checkAuthorship(id: string, claimedDevice: string, device: PushingDevice): Refusal | null {
  if (claimedDevice !== device.id) return { code: 'wrong-device', reason: `文档属于设备 ${claimedDevice}，不能由本设备上传` };
  if (id.startsWith(OFFICE_ID_PREFIX)) return { code: 'reserved-id', reason: `编号以 ${OFFICE_ID_PREFIX} 开头的记录由办公室写入，服务车不能使用` };
  return null;
}

/** Rules over stored state: the case's van, the trip's van, the receipt number's block and case. */
export function checkOwnership(doc: OwnedDocument, device: PushingDevice, facts: OwnershipFacts, inBlock: InBlock): Refusal | null {
  const owner = doc.caseId === null ? undefined : facts.caseOwner(doc.caseId);
  if (owner !== undefined && owner.id !== device.id) {
    const whose = owner.vanId === device.vanId ? '本车的另一台设备' : '其他服务车';
    return { code: 'not-own-case', reason: `案件 ${doc.caseId} 由${whose}受理，本设备不能写入` };
  }
  if (doc.tripId !== undefined) {
    const trip = facts.trip(doc.tripId);
    if (!trip) return { code: 'unknown-trip', reason: `出车任务 ${doc.tripId} 不存在` };
    if (trip.vanId !== device.vanId) return { code: 'not-own-trip', reason: `出车任务 ${doc.tripId} 属于其他服务车，本设备不能写入` };
    if (doc.receiptNumber !== undefined && !(trip.receiptBlock && inBlock(doc.receiptNumber, trip.receiptBlock))) {
      return { code: 'receipt-outside-block', reason: `票据号 ${doc.receiptNumber} 不在本次出车分配的号段内` };
    }
    // Each device of a van prints from its own runs of the block, so two devices never print one number.
    if (doc.receiptNumber !== undefined && trip.receiptBlock && !isGranted(trip.receiptBlock, facts.grantsOf(trip.id), doc.receiptNumber)) {
      return { code: 'receipt-outside-grant', reason: `票据号 ${doc.receiptNumber} 不在办公室分配给本机的号段内` };
    }
  }
  if (doc.namesReceipt !== undefined && doc.caseId !== null) return checkNamedReceipt(doc, doc.namesReceipt, doc.caseId, device, facts, inBlock);
  return null;
}

function checkNamedReceipt(doc: OwnedDocument, number: string, caseId: string, device: PushingDevice, facts: OwnershipFacts, inBlock: InBlock): Refusal | null {
  const ownBlock = facts.tripsOfVan(device.vanId).some((t) => t.receiptBlock !== null && inBlock(number, t.receiptBlock));
  if (!ownBlock) return { code: 'receipt-not-own', reason: `票据号 ${number} 不属于本车的出车号段，不能登记收费、作废或重打` };
  const stored = facts.receiptWithNumber(number);
  // A 收费 naming a number already on another case's receipt is a number printed twice (two devices after an
  // office restore, or a van of an older version): the money was taken all the same, so the event is kept
  // and reconciliation reports the number as used twice. Voiding or reprinting another case's receipt is not.
  if (stored && stored.caseId !== caseId && doc.chargesReceipt !== true) {
    return { code: 'receipt-not-own', reason: `票据号 ${number} 是案件 ${stored.caseId} 的票据，不能在本案件中登记` };
  }
  return null;
}

/** The receipt number a case event names, for the kinds that name one. */
export function receiptNamedBy(kind: string, payload: Record<string, unknown>): string | undefined {
  if (kind !== 'fee-charged' && kind !== 'receipt-voided' && kind !== 'receipt-reprinted') return undefined;
  const n = payload['receiptNumber'];
  return typeof n === 'string' ? n : undefined;
}
