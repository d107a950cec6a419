/**
 * Applicants' personal data in the van's IndexedDB, encrypted at rest: names, ID numbers, phones,
 * addresses of home visits, unit owners, case event payloads and payers are stored as AES-GCM
 * ciphertext (WebCrypto, a fresh 96-bit IV per value, NIST SP 800-38D) under the van's data key;
 * a stolen laptop's profile folder shows none of it. Ids, dates, unit numbers and the other fields
 * the app looks documents up by stay in the clear so its indexes work; they are not personal.
 *
 * RxDB's open core offers only `encryption-crypto-js` (CryptoJS AES-CBC under an MD5-based
 * passphrase KDF, no authentication); its WebCrypto storage is a premium plugin. So this is a
 * storage wrapper of our own on RxDB's `wrapRxStorageInstance`, the helper its own encryption
 * plugins use. Each ciphertext is bound to its collection, document and field (AES-GCM additional
 * data), so a value moved to another document or field does not decrypt there either.
 */
import { type RxStorage, type RxStorageInstanceCreationParams, wrapRxStorageInstance } from 'rxdb';
import { fromBase64, toBase64 } from '#protocol/staff-key.ts';

/** The fields holding personal data, per collection; all others are stored as they are. */
export const ENCRYPTED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  appointments: ['applicantName', 'phone', 'address', 'notes'],
  units: ['owners'],
  cases: ['applicants'],
  caseEvents: ['payload'],
  receipts: ['payer'],
  tripLedger: ['note'],
};

/**
 * The database's own local documents (RxDB's `plugin-local-documents-` store) hold sync marks and the vault,
 * which must stay readable before any login; only the intake draft among them holds applicants' data, so only
 * its `data` is sealed, by document id.
 */
export const ENCRYPTED_LOCAL_DOCUMENTS: Readonly<{ collection: string; ids: readonly string[] }> = { collection: 'plugin-local-documents-', ids: ['intake-draft'] };

const PREFIX = 'gcm1.';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Thrown when a value does not decrypt: another key, or altered bytes. Nothing is returned in its place. */
export class DecryptionError extends Error {}

export async function encryptValue(key: CryptoKey, value: unknown, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context) }, key, encoder.encode(JSON.stringify(value))));
  const out = new Uint8Array(iv.length + sealed.length);
  out.set(iv);
  out.set(sealed, iv.length);
  return PREFIX + toBase64(out);
}

/**
 * The value of a stored field. A value that was never encrypted (written by a version before this one)
 * is returned as it is: documents are immutable and are not rewritten, see docs/data-at-rest.md.
 */
export async function decryptValue(key: CryptoKey, stored: unknown, context: string): Promise<unknown> {
  if (typeof stored !== 'string' || !stored.startsWith(PREFIX)) return stored;
  const bytes = fromBase64(stored.slice(PREFIX.length));
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: encoder.encode(context) }, key, bytes.slice(12));
    return JSON.parse(decoder.decode(plain)) as unknown;
  } catch {
    throw new DecryptionError(`${context}: wrong key or altered data`);
  }
}

/**
 * Wraps `storage` so the fields of ENCRYPTED_FIELDS are encrypted on the way in and decrypted on the
 * way out. `key` resolves once a staff member has unlocked the van (renderer/db/vault.ts); until then
 * reads and writes of those collections wait, and the others (staff for the login, sync bookkeeping)
 * work as before.
 */
export function encryptedStorage<I, S>(storage: RxStorage<I, S>, key: () => Promise<CryptoKey>, fields: Readonly<Record<string, readonly string[]>> = ENCRYPTED_FIELDS): RxStorage<I, S> {
  return {
    ...storage,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, S>) {
      const instance = await storage.createStorageInstance(params);
      const local = params.collectionName === ENCRYPTED_LOCAL_DOCUMENTS.collection;
      const fixed = fields[params.collectionName];
      if (!fixed && !local) return instance;
      const primary = params.schema.primaryKey as string;
      const pathsOf = (doc: Record<string, unknown>): readonly string[] => fixed ?? (ENCRYPTED_LOCAL_DOCUMENTS.ids.includes(String(doc[primary])) ? ['data'] : []);
      const transform = async (doc: Record<string, unknown>, seal: boolean): Promise<Record<string, unknown>> => {
        const paths = pathsOf(doc);
        // Local documents other than the draft are read before any login: they never wait for the key.
        if (paths.length === 0) return doc;
        const k = await key();
        const out = { ...doc };
        for (const path of paths) {
          if (out[path] === undefined) continue;
          const context = `${params.collectionName}/${String(doc[primary])}/${path}`;
          out[path] = seal ? await encryptValue(k, out[path], context) : await decryptValue(k, out[path], context);
        }
        return out;
      };
      // RxDB's helper types its callbacks per document type; the wrapper works on any document's fields by name.
      return wrapRxStorageInstance(
        params.schema,
        instance,
        (doc) => transform(doc as unknown as Record<string, unknown>, true),
        (doc) => transform(doc as unknown as Record<string, unknown>, false) as never,
      ) as unknown as typeof instance;
    },
  };
}
