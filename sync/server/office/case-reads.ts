import { type Queryable } from '#office/platform/db/db.ts';
import { chainResolutionReads } from '#office/replication/chain-resolution-store.ts';
import { chainReads } from '#office/replication/chain-store.ts';
import { documentReads } from '#office/replication/document-store.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';

/**
 * What loading one case reads (its documents, its devices' chain state, the held events' decisions): the
 * office's storage, or the same reads inside one transaction, so a service decides on what its own
 * transaction sees.
 */
export type CaseReads = Pick<OfficeStorage, 'getDocument' | 'chainStatus' | 'chainResolutions'> & { readonly db: Queryable };

/** The case reads of a transaction (or of any query runner) on the office database. */
export const caseReadsIn = (q: Queryable): CaseReads => ({
  db: q,
  getDocument: (collection, id) => documentReads(q).get(collection, id),
  chainStatus: (deviceId) => chainReads(q).status(deviceId),
  chainResolutions: () => chainResolutionReads(q).all(),
});
