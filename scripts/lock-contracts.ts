import { writeFileSync } from 'node:fs';
import { PROTOCOL_VERSION } from '#protocol/version.ts';
import { MIGRATIONS_LOCK_PATH, PROTOCOL_LOCK_PATH, migrationHashes, protocolHash, readLock } from './contract-locks.ts';

/**
 * Records the protocol's hash under its current version and the hash of every migration. Run after bumping
 * PROTOCOL_VERSION or adding a migration; `tests/sync/contract-locks.test.ts` fails until you do.
 */
const protocolLock = readLock(PROTOCOL_LOCK_PATH);
protocolLock[String(PROTOCOL_VERSION)] = protocolHash();
writeFileSync(PROTOCOL_LOCK_PATH, `${JSON.stringify(protocolLock, null, 2)}\n`);
const migrationsLock = readLock(MIGRATIONS_LOCK_PATH);
// A merged migration is never re-locked: its edit is refused here as in CI, so the way out is a new migration.
const edited = Object.entries(migrationHashes()).filter(([file, hash]) => migrationsLock[file] !== undefined && migrationsLock[file] !== hash);
if (edited.length > 0) {
  console.error(`refused: merged migrations were edited (${edited.map(([file]) => file).join(', ')}); restore them and add a new migration (a migration of your own not yet on main: delete its line from sync/migrations-lock.json and run again)`);
  process.exit(1);
}
writeFileSync(MIGRATIONS_LOCK_PATH, `${JSON.stringify({ ...migrationHashes(), ...migrationsLock }, null, 2)}\n`);
console.log(`locked protocol v${PROTOCOL_VERSION} and ${Object.keys(migrationHashes()).length} migrations`);
