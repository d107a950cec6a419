/**
 * The data key while the app runs: the encrypted store waits on `get()` until a staff member's
 * login has opened it (vault.ts); the wrapped slots are kept as a local document of the database.
 */
import { type VanDatabase } from './database.ts';
import { type VaultRecord, unlock } from './vault.ts';

const VAULT_DOC = 'vault';

export type Keyring = {
  get(): Promise<CryptoKey>;
  current(): CryptoKey | null;
  /** After the password was checked against the staff list: opens the data key; false when this person has no slot here yet. */
  unlock(db: VanDatabase, staffId: string, password: string): Promise<boolean>;
};

export function createKeyring(): Keyring {
  let key: CryptoKey | null = null;
  let resolveKey: (k: CryptoKey) => void = () => undefined;
  const ready = new Promise<CryptoKey>((resolve) => (resolveKey = resolve));
  return {
    get: () => ready,
    current: () => key,
    async unlock(db, staffId, password) {
      const stored = await db.getLocal<VaultRecord>(VAULT_DOC);
      const outcome = await unlock(stored ? (stored.toJSON().data as VaultRecord) : null, key, staffId, password);
      if (!outcome.ok) return false;
      if (outcome.changed) await db.upsertLocal<VaultRecord>(VAULT_DOC, outcome.record);
      key = outcome.key;
      resolveKey(outcome.key);
      return true;
    },
  };
}

/** Whether this van's store has a data key at all (a first login creates it); without one nothing in it is encrypted. */
export async function hasDataKey(db: VanDatabase): Promise<boolean> {
  return (await db.getLocal<VaultRecord>(VAULT_DOC)) !== null;
}
