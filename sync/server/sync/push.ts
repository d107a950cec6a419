import { type z } from 'zod';
import { type SyncCollection, isVanCollection } from '#protocol/collections.ts';
import { canonicalJson } from '#protocol/canonical-json.ts';
import { DOCUMENT_SCHEMAS } from '#protocol/documents/index.ts';
import { checkEventPayload } from '#protocol/documents/event-payloads.ts';
import { TripDoc } from '#protocol/documents/office.ts';
import { type CaseEventDoc, type ReceiptDoc } from '#protocol/documents/van.ts';
import { type PushRow, type Rejection } from '#protocol/messages.ts';
import { type PreparedDocument, type PushContext } from '#server/storage/storage.ts';
import { type EventRules } from './event-rules.ts';

/**
 * Checks a van's push row by row before anything is stored: schema, authorship, immutability, the event
 * hash. Returns the documents ready to store, or every refused row with its reason. Rules that need stored
 * state (receipt blocks, numbers already used) run later inside the write transaction (`checkStored`).
 */
export async function preparePush(
  collection: SyncCollection,
  deviceId: string,
  rows: readonly PushRow[],
  rules: EventRules,
): Promise<{ docs: PreparedDocument[]; rejections: Rejection[] }> {
  const docs: PreparedDocument[] = [];
  const rejections: Rejection[] = [];
  for (const row of rows) {
    const raw = row.newDocumentState;
    const id = raw.id;
    if (!isVanCollection(collection)) {
      rejections.push({ id, code: 'office-authored', reason: `${collection} 由办公室维护，服务车只能读取` });
      continue;
    }
    if (raw._deleted) {
      rejections.push({ id, code: 'deleted-not-allowed', reason: '服务车写入的记录不可删除；撤回或作废请追加事件' });
      continue;
    }
    const schema: z.ZodType = DOCUMENT_SCHEMAS[collection];
    const parsed = schema.safeParse(stripped(raw));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rejections.push({ id, code: 'invalid-document', reason: `字段 ${issue?.path.join('.') || '(根)'} 不合格: ${issue?.message ?? ''}` });
      continue;
    }
    const body = parsed.data as { id: string; deviceId: string; _deleted: boolean };
    if (body.deviceId !== deviceId) {
      rejections.push({ id, code: 'wrong-device', reason: `文档属于设备 ${body.deviceId}，不能由本设备上传` });
      continue;
    }
    const doc: PreparedDocument = { id, body, canonical: canonicalJson(body) };
    if (collection === 'caseEvents') {
      const event = body as unknown as CaseEventDoc;
      if (rules.authorSide(event.kind) !== 'van') {
        rejections.push({ id, code: 'office-authored', reason: `事件类型 ${event.kind} 只能由办公室写入` });
        continue;
      }
      if (!(await rules.hashMatches(event))) {
        rejections.push({ id, code: 'event-hash-mismatch', reason: '事件内容与其哈希不符（已被改动或损坏）' });
        continue;
      }
      doc.chainLink = { seq: event.seq, hash: event.hash, prevHash: event.prevHash };
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
 * Rules for documents the office does not have yet: a new event's payload matches its kind; a receipt's
 * trip exists and its number is in the trip's block and not used before. An event already stored is
 * answered as a duplicate and never re-judged, so events stored before payloads were checked still sync.
 */
export function checkStored(ctx: PushContext, fresh: readonly PreparedDocument[], rules: EventRules): Rejection[] {
  const rejections: Rejection[] = [];
  const numbersInBatch = new Map<string, string>();
  for (const doc of fresh) {
    if (doc.chainLink) {
      const event = doc.body as unknown as CaseEventDoc;
      const issue = checkEventPayload(event.kind, event.payload);
      if (issue) {
        const field = issue.path ? `payload.${issue.path}` : 'payload';
        rejections.push({ id: doc.id, code: 'invalid-payload', reason: `事件 ${event.kind} 的字段 ${field} 不合格: ${issue.message}` });
      }
      continue;
    }
    if (!doc.receipt) continue;
    const { number, tripId } = doc.receipt;
    const stored = ctx.document('trips', tripId);
    const trip = stored ? TripDoc.safeParse(stored.body) : undefined;
    if (!trip?.success) {
      rejections.push({ id: doc.id, code: 'unknown-trip', reason: `出车任务 ${tripId} 不存在` });
      continue;
    }
    if (!trip.data.receiptBlock || !rules.receiptInBlock(number, trip.data.receiptBlock)) {
      rejections.push({ id: doc.id, code: 'receipt-outside-block', reason: `票据号 ${number} 不在本次出车分配的号段内` });
      continue;
    }
    const owner = ctx.receiptIdForNumber(number) ?? numbersInBatch.get(number);
    if (owner !== undefined && owner !== doc.id) {
      rejections.push({ id: doc.id, code: 'receipt-number-used', reason: `票据号 ${number} 已被票据 ${owner} 使用，号码不得重复使用` });
      continue;
    }
    numbersInBatch.set(number, doc.id);
  }
  return rejections;
}

function stripped(raw: Record<string, unknown>): Record<string, unknown> {
  const { _meta: _m, _rev: _r, _attachments: _a, ...rest } = raw;
  return rest;
}
