import { type z } from 'zod';
import { parseForm } from '#domain/forms/form-issues.ts';
import { assertNever } from '#domain/assert.ts';
import { type SyncCollection, type VanCollection, isVanCollection } from '#protocol/collections.ts';
import { canonicalJson } from '#protocol/canonical-json.ts';
import { DOCUMENT_SCHEMAS } from '#protocol/documents/index.ts';
import { EVENT_PAYLOAD_SCHEMAS } from '#protocol/documents/event-payloads.ts';
import { TripDoc } from '#protocol/documents/office.ts';
import { LEDGER_AUTHOR, type TripLedgerDoc } from '#protocol/documents/ledger.ts';
import { type CaseDoc, CaseEventDoc, type ReceiptDoc, type ScanDoc } from '#protocol/documents/van.ts';
import { type PushRow, type Rejection } from '#protocol/messages.ts';
import { type PreparedDocument, type PushContext } from '#server/storage/storage.ts';
import { holdsNul } from '#server/nul-guard.ts';
import { type EventRules } from './event-rules.ts';
import { eventTexts } from './event-texts.ts';
import { DOCUMENT_FIELD_NAMES, PUSH_TEXT, payloadFieldNames } from './push-text.ts';
import { receiptViewOf } from './receipt-view.ts';
import { checkAuthorship, checkOwnership, type OwnedDocument, type OwnershipFacts, type PushingDevice, receiptNamedBy } from './ownership.ts';

/**
 * Checks a van's push row by row before anything is stored: schema, authorship, immutability, the event
 * hash. Returns the documents ready to store, or every refused row with its reason. Rules that need stored
 * state (receipt blocks, numbers already used) run later inside the write transaction (`checkStored`).
 */
export async function preparePush(
  collection: SyncCollection,
  device: PushingDevice,
  rows: readonly PushRow[],
  rules: EventRules,
): Promise<{ docs: PreparedDocument[]; rejections: Rejection[] }> {
  const docs: PreparedDocument[] = [];
  const rejections: Rejection[] = [];
  for (const row of rows) {
    const raw = row.newDocumentState;
    const id = raw.id;
    if (!isVanCollection(collection)) {
      rejections.push({ id, code: 'office-authored', reason: PUSH_TEXT.officeAuthored(collection) });
      continue;
    }
    if (raw._deleted) {
      rejections.push({ id, code: 'deleted-not-allowed', reason: PUSH_TEXT.deletedNotAllowed });
      continue;
    }
    const input = stripped(raw);
    // PostgreSQL stores no U+0000 in text or jsonb, and a van's document must be stored alike on either backend:
    // refused here as the row it is, so the van sets it aside and the rest of its outbox goes on.
    if (holdsNul(input)) {
      rejections.push({ id, code: 'invalid-document', reason: PUSH_TEXT.holdsNul });
      continue;
    }
    let body = (collection === 'caseEvents' ? plainEvent(input) : undefined) as { id: string; deviceId: string; _deleted: boolean } | undefined;
    if (!body) {
      const schema: z.ZodType = DOCUMENT_SCHEMAS[collection];
      const parsed = parseForm(schema, input, DOCUMENT_FIELD_NAMES, PUSH_TEXT.issues);
      if (!parsed.ok) {
        rejections.push({ id, code: 'invalid-document', reason: PUSH_TEXT.invalidDocument(collection, parsed.message) });
        continue;
      }
      body = parsed.data as { id: string; deviceId: string; _deleted: boolean };
    }
    const authorship = checkAuthorship(id, body.deviceId, device);
    if (authorship) {
      rejections.push({ id, ...authorship });
      continue;
    }
    const event = collection === 'caseEvents' ? (body as unknown as CaseEventDoc) : undefined;
    // An event's stored text and hash input share its payload's canonical JSON, written once (event-texts.ts).
    const texts = event && eventTexts(event);
    const doc: PreparedDocument = { id, body, canonical: texts ? texts.stored : canonicalJson(body), owned: ownedFields(collection, body) };
    if (event && texts) {
      if (rules.authorSide(event.kind) !== 'van') {
        rejections.push({ id, code: 'office-authored', reason: PUSH_TEXT.officeEvent(event.kind) });
        continue;
      }
      if (!(await rules.hashMatches(event, texts.hashInput))) {
        rejections.push({ id, code: 'event-hash-mismatch', reason: PUSH_TEXT.hashMismatch });
        continue;
      }
      doc.chainLink = { seq: event.seq, hash: event.hash, prevHash: event.prevHash };
      const view = receiptViewOf(event);
      if (view) doc.receiptView = view;
    }
    if (collection === 'tripLedger' && LEDGER_AUTHOR[(body as unknown as TripLedgerDoc).kind] !== 'van') {
      rejections.push({ id, code: 'office-authored', reason: PUSH_TEXT.officeLedger });
      continue;
    }
    if (collection === 'receipts') {
      const receipt = body as unknown as ReceiptDoc;
      doc.receipt = { number: receipt.number, tripId: receipt.tripId };
    }
    docs.push(doc);
  }
  return { docs, rejections };
}

/**
 * Rules for documents the office does not have yet: a new event's payload matches its kind; every document
 * is its own van's (ownership.ts); a receipt's number is not used before. An event already stored is
 * answered as a duplicate and never re-judged, so events stored before payloads were checked still sync.
 */
export function checkStored(ctx: PushContext, fresh: readonly PreparedDocument[], rules: EventRules, device: PushingDevice): Rejection[] {
  const rejections: Rejection[] = [];
  const numbersInBatch = new Map<string, string>();
  const facts: OwnershipFacts = {
    caseOwner: (caseId) => ctx.caseOwner(caseId),
    trip: (tripId) => parsedTrip(ctx.document('trips', tripId)?.body),
    tripsOfVan: (vanId) => ctx.tripsOfVan(vanId).flatMap((b) => parsedTrip(b) ?? []),
    receiptWithNumber: (number) => ctx.receiptWithNumber(number),
    grantsOf: (tripId) => ctx.grantsOf(tripId),
  };
  for (const doc of fresh) {
    if (doc.chainLink) {
      const event = doc.body as unknown as CaseEventDoc;
      // checkEventPayload's check (event-payloads.ts), which gives zod's English words for the first issue: staff read this.
      const payload = parseForm(EVENT_PAYLOAD_SCHEMAS[event.kind], event.payload, payloadFieldNames(event.kind), PUSH_TEXT.issues);
      if (!payload.ok) {
        rejections.push({ id: doc.id, code: 'invalid-payload', reason: PUSH_TEXT.invalidPayload(event.kind, payload.message) });
        continue;
      }
    }
    const refusal = checkOwnership(doc.owned, device, facts, (n, b) => rules.receiptInBlock(n, b));
    if (refusal) {
      rejections.push({ id: doc.id, ...refusal });
      continue;
    }
    if (!doc.receipt) continue;
    const { number } = doc.receipt;
    const owner = ctx.receiptWithNumber(number)?.id ?? numbersInBatch.get(number);
    if (owner !== undefined && owner !== doc.id) {
      rejections.push({ id: doc.id, code: 'receipt-number-used', reason: PUSH_TEXT.numberUsed(number, owner) });
      continue;
    }
    numbersInBatch.set(number, doc.id);
  }
  return rejections;
}

/** The fields the ownership rules read, per collection (the body was checked against its schema). */
function ownedFields(collection: VanCollection, body: object): OwnedDocument {
  switch (collection) {
    case 'cases': {
      const c = body as CaseDoc;
      return { collection, id: c.id, caseId: c.id, tripId: c.tripId };
    }
    case 'caseEvents': {
      const e = body as CaseEventDoc;
      const named = receiptNamedBy(e.kind, e.payload);
      return { collection, id: e.id, caseId: e.caseId, ...(named === undefined ? {} : { namesReceipt: named, chargesReceipt: e.kind === 'fee-charged' }) };
    }
    case 'receipts': {
      const r = body as ReceiptDoc;
      return { collection, id: r.id, caseId: r.caseId, tripId: r.tripId, receiptNumber: r.number };
    }
    case 'scans': {
      const s = body as ScanDoc;
      return { collection, id: s.id, caseId: s.caseId };
    }
    case 'tripLedger': {
      // A visit outcome belongs to no case; its trip must be the van's own.
      const l = body as TripLedgerDoc;
      return { collection, id: l.id, caseId: null, tripId: l.tripId };
    }
    default:
      return assertNever(collection);
  }
}

function parsedTrip(body: unknown): TripDoc | undefined {
  const trip = TripDoc.safeParse(body);
  return trip.success ? trip.data : undefined;
}

const EVENT_FIELDS = CaseEventDoc.shape;
const EVENT_KINDS: ReadonlySet<unknown> = new Set(EVENT_FIELDS.kind.options);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const fits = (schema: z.ZodString, v: unknown): boolean => typeof v === 'string' && v.length >= (schema.minLength ?? 0) && v.length <= (schema.maxLength ?? Infinity);

/**
 * The pushed event itself when it surely passes `CaseEventDoc`: exactly the schema's keys, each value of its
 * type and within its limits (read from the schema), the time checked by the schema's own `at`. Otherwise
 * undefined, and the whole schema judges it, so what is accepted and every refusal's issues stay zod's. zod's
 * parse copies every event and its payload, a sixth of what the office allocated per pushed event; an event
 * that passes here is exactly its own copy. A payload with a `__proto__` key goes to zod, whose copy drops it.
 */
export function plainEvent(input: Record<string, unknown>): CaseEventDoc | undefined {
  if (!isPlainObject(input)) return undefined;
  const keys = Object.keys(input);
  if (keys.length !== 11 || !keys.every((k) => Object.hasOwn(EVENT_FIELDS, k))) return undefined;
  const { id, caseId, deviceId, seq, kind, at, actor, payload, prevHash, hash, _deleted } = input;
  if (!fits(EVENT_FIELDS.id, id) || !fits(EVENT_FIELDS.caseId, caseId) || !fits(EVENT_FIELDS.deviceId, deviceId) || !fits(EVENT_FIELDS.actor, actor)) return undefined;
  if (!Number.isSafeInteger(seq) || (seq as number) <= 0 || !EVENT_KINDS.has(kind) || _deleted !== false) return undefined;
  if (!fits(EVENT_FIELDS.hash, hash) || !(prevHash === null || fits(EVENT_FIELDS.prevHash.unwrap(), prevHash))) return undefined;
  if (!isPlainObject(payload) || Object.hasOwn(payload, '__proto__') || !EVENT_FIELDS.at.safeParse(at).success) return undefined;
  return input as unknown as CaseEventDoc;
}

/** The document without RxDB's local fields, copied only when it has one (a van pushing through the outbox sends none). */
function stripped(raw: Record<string, unknown>): Record<string, unknown> {
  if (!('_meta' in raw || '_rev' in raw || '_attachments' in raw)) return raw;
  const { _meta: _m, _rev: _r, _attachments: _a, ...rest } = raw;
  return rest;
}
