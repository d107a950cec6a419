import { type SyncCollection } from '#protocol/collections.ts';
import { type PushRow, type Rejection } from '#protocol/messages.ts';
import { OfficeHttpError, type OfficeClient } from './office-client.ts';

/**
 * Pushes rows so that one document the office refuses cannot block the rest (a quarantine, as
 * CommCare does): documents named in a 4xx `rejected` answer are set aside with the office's
 * reason and the rest is pushed again; a refusal that names no document is narrowed down by halving the
 * batch. Refusals of the device as a whole (401, 426, 403 forbidden) and network failures are thrown, so
 * the replication retries with backoff and nothing is set aside. `holdBack` runs before every attempt and
 * returns the rows that may go now: once a case's event is set aside, that case's later rows in the same
 * batch wait (hold-back.ts) instead of overtaking it.
 */
export async function pushSettingAside(
  client: OfficeClient,
  collection: SyncCollection,
  rows: readonly PushRow[],
  setAside: (rejections: readonly Rejection[]) => Promise<void>,
  holdBack: (rows: readonly PushRow[]) => Promise<readonly PushRow[]> = (r) => Promise.resolve(r),
): Promise<void> {
  const ready = await holdBack(rows);
  if (ready.length === 0) return;
  await pushReady(client, collection, ready, setAside, holdBack);
}

async function pushReady(
  client: OfficeClient,
  collection: SyncCollection,
  rows: readonly PushRow[],
  setAside: (rejections: readonly Rejection[]) => Promise<void>,
  holdBack: (rows: readonly PushRow[]) => Promise<readonly PushRow[]>,
): Promise<void> {
  try {
    await client.push(collection, rows);
    return;
  } catch (error) {
    if (!(error instanceof OfficeHttpError) || !error.isRefusal || isDeviceRefusal(error)) throw error;
    const named = error.body?.rejected ?? [];
    if (named.length > 0) {
      await setAside(named);
      const ids = new Set(named.map((r) => r.id));
      await pushSettingAside(client, collection, rows.filter((r) => !ids.has(r.newDocumentState.id)), setAside, holdBack);
      return;
    }
    if (rows.length === 1) {
      const id = rows[0]?.newDocumentState.id ?? '';
      await setAside([{ id, code: 'invalid-document', reason: error.body?.message ?? `HTTP ${error.status}` }]);
      return;
    }
    const half = Math.ceil(rows.length / 2);
    await pushSettingAside(client, collection, rows.slice(0, half), setAside, holdBack);
    await pushSettingAside(client, collection, rows.slice(half), setAside, holdBack);
  }
}

export function isDeviceRefusal(error: OfficeHttpError): boolean {
  return error.status === 401 || error.status === 426 || (error.status === 403 && error.body?.code !== 'rejected');
}
