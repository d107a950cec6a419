/**
 * The data key while the app runs: the encrypted store waits on `get()` until a staff member's
 * login has opened it (vault.ts); the wrapped slots are kept as a local document of the database.
 * While the key is open, it is sealed to every clerk of this van's trips whose published van key has
 * no slot here yet (at a login, and whenever the staff list changes), so they can log in offline later.
 */
import { turns } from '#domain/one-at-a-time.ts';
import { mayLogInOnVan } from '#domain/staff/van-access.ts';
import { type VanDatabase } from './database.ts';
import { type VaultRecord, sealToPublished, unlock } from './vault.ts';

const VAULT_DOC = 'vault';

export type Keyring = {
  get(): Promise<CryptoKey>;
  current(): CryptoKey | null;
  /** After the password was checked against the staff list: opens the data key; false when this person has no slot here yet. */
  unlock(db: VanDatabase, staffId: string, password: string): Promise<boolean>;
  /** Seals the open key to newly published van keys as the staff list changes; returns the unsubscribe. */
  watchStaff(db: VanDatabase): () => void;
  /** Seals the open key to every van clerk here with a van key and no slot of it; the ids sealed to (none while the key is closed). */
  sealPending(db: VanDatabase): Promise<string[]>;
};

const readVault = async (db: VanDatabase): Promise<VaultRecord | null> => {
  const stored = await db.getLocal<VaultRecord>(VAULT_DOC);
  return stored ? (stored.toJSON().data as VaultRecord) : null;
};

export function createKeyring(): Keyring {
  let key: CryptoKey | null = null;
  let resolveKey: (k: CryptoKey) => void = () => undefined;
  const ready = new Promise<CryptoKey>((resolve) => (resolveKey = resolve));
  // One vault write at a time: a login and a staff-list change must not each write over the other's slot.
  const serial = turns();

  const sealNow = async (db: VanDatabase): Promise<string[]> => {
    const record = await readVault(db);
    if (!key || !record) return [];
    const staff = (await db.staff.find().exec()).map((d) => d.toJSON()).filter(mayLogInOnVan);
    const next = await sealToPublished(record, key, staff);
    if (!next) return [];
    await db.upsertLocal<VaultRecord>(VAULT_DOC, next.record);
    return next.sealed;
  };

  const keyring: Keyring = {
    get: () => ready,
    current: () => key,
    unlock: (db, staffId, password) =>
      serial(async () => {
        const staff = await db.staff.findOne(staffId).exec();
        const outcome = await unlock(await readVault(db), key, staffId, password, undefined, staff?.vanKey?.version);
        if (!outcome.ok) return false;
        if (outcome.changed) await db.upsertLocal<VaultRecord>(VAULT_DOC, outcome.record);
        key = outcome.key;
        resolveKey(outcome.key);
        await sealNow(db);
        return true;
      }),
    sealPending: (db) => serial(() => sealNow(db)),
    watchStaff(db) {
      const sub = db.staff.find().$.subscribe(() => {
        if (key) void keyring.sealPending(db).catch(() => undefined);
      });
      return () => sub.unsubscribe();
    },
  };
  return keyring;
}

/** Whether this van's store has a data key at all (a first login creates it); without one nothing in it is encrypted. */
export async function hasDataKey(db: VanDatabase): Promise<boolean> {
  return (await db.getLocal<VaultRecord>(VAULT_DOC)) !== null;
}
