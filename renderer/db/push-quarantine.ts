import { type SyncCollection } from '#protocol/collections.ts';
import { type PushRow, type Rejection } from '#protocol/messages.ts';
import { OfficeHttpError, type OfficeClient } from './office-client.ts';

/**
 * Pushes rows so that one document the office refuses cannot block the rest (CommCare's quarantine,
 * domain.md §2.6 lesson 2): documents named in a 4xx `rejected` answer are set aside with the office's
 * reason and the rest is pushed again; a refusal that names no document is narrowed down by halving the
 * batch. Refusals of the device as a whole (401, 426, 403 forbidden) and network failures are thrown, so
 * the replication retries with backoff and nothing is set aside.
 */
export async function pushSettingAside(
  client: OfficeClient,
  collection: SyncCollection,
  rows: readonly PushRow[],
  setAside: (rejections: readonly Rejection[]) => Promise<void>,
): Promise<void> {
  if (rows.length === 0) return;
  try {
    await client.push(collection, rows);
    return;
  } catch (error) {
    if (!(error instanceof OfficeHttpError) || !error.isRefusal || isDeviceRefusal(error)) throw error;
    const named = error.body?.rejected ?? [];
    if (named.length > 0) {
      await setAside(named);
      const ids = new Set(named.map((r) => r.id));
      await pushSettingAside(client, collection, rows.filter((r) => !ids.has(r.newDocumentState.id)), setAside);
      return;
    }
    if (rows.length === 1) {
      const id = rows[0]?.newDocumentState.id ?? '';
      await setAside([{ id, code: 'invalid-document', reason: error.body?.message ?? `HTTP ${error.status}` }]);
      return;
    }
    const half = Math.ceil(rows.length / 2);
    await pushSettingAside(client, collection, rows.slice(0, half), setAside);
    await pushSettingAside(client, collection, rows.slice(half), setAside);
  }
}

export function isDeviceRefusal(error: OfficeHttpError): boolean {
  return error.status === 401 || error.status === 426 || (error.status === 403 && error.body?.code !== 'rejected');
}
