import { type PortalRole } from '#domain/market/portal-roles.ts';
import { type Db, type Queryable } from '#office/platform/db/db.ts';
import { isUniqueViolation } from '#office/platform/db/errors.ts';
import { sql } from '#office/platform/db/sql.ts';
import { type Account, type PortalStore } from './market-store.ts';

type AccountDbRow = { id: string; org_id: string; login: string; name: string; roles: string; password_hash: string; active: number; updated_at: string };

const accountFromRow = (r: AccountDbRow): Account => ({
  id: r.id,
  orgId: r.org_id,
  login: r.login,
  name: r.name,
  roles: JSON.parse(r.roles) as PortalRole[],
  passwordHash: r.password_hash,
  active: r.active === 1,
  updatedAt: r.updated_at,
});

/** Stores a login; a login already held fails with the unique violation `isLoginTaken` recognises. */
export async function insertAccount(q: Queryable, a: Account): Promise<void> {
  await q.run(sql`INSERT INTO market_accounts (id, org_id, login, name, roles, password_hash, active, updated_at)
    VALUES (${a.id}, ${a.orgId}, ${a.login}, ${a.name}, ${JSON.stringify(a.roles)}, ${a.passwordHash}, ${a.active ? 1 : 0}, ${a.updatedAt})`);
}
export const isLoginTaken = (error: unknown): boolean => isUniqueViolation(error, { sqlite: 'market_accounts.login', postgres: 'market_accounts_login_key' });

/** The portals' logins and sessions on the office's database, SQLite or PostgreSQL (tables of 0009_market.sql). */
export function dbPortalStore(db: Db): PortalStore {
  const one = async (q: Promise<AccountDbRow | undefined>) => {
    const r = await q;
    return r && accountFromRow(r);
  };
  return {
    createAccount: async (a) => {
      try {
        await insertAccount(db, a);
        return 'ok';
      } catch (error) {
        if (isLoginTaken(error)) return 'login-taken';
        throw error;
      }
    },
    accountByLogin: (login) => one(db.get<AccountDbRow>(sql`SELECT * FROM market_accounts WHERE login = ${login}`)),
    account: (id) => one(db.get<AccountDbRow>(sql`SELECT * FROM market_accounts WHERE id = ${id}`)),
    accountsOf: async (orgId) => (await db.all<AccountDbRow>(sql`SELECT * FROM market_accounts WHERE org_id = ${orgId} ORDER BY login`)).map(accountFromRow),
    updateAccount: (id, change, at, endSessions) =>
      db.transaction(async (tx) => {
        // Two admins changing one account on two servers apply one after the other, never half of each.
        await tx.lock(`market-account:${id}`);
        const current = await tx.get<AccountDbRow>(sql`SELECT * FROM market_accounts WHERE id = ${id}`);
        if (!current) return false;
        const roles = change.roles ? JSON.stringify(change.roles) : current.roles;
        const active = change.active === undefined ? current.active : change.active ? 1 : 0;
        await tx.run(sql`UPDATE market_accounts SET roles = ${roles}, active = ${active}, password_hash = ${change.passwordHash ?? current.password_hash}, updated_at = ${at} WHERE id = ${id}`);
        if (endSessions) await tx.run(sql`UPDATE market_sessions SET ended_at = ${at} WHERE account_id = ${id} AND ended_at IS NULL`);
        return true;
      }),
    createSession: async (s) => {
      await db.run(sql`INSERT INTO market_sessions (token_hash, account_id, created_at, expires_at, ended_at) VALUES (${s.tokenHash}, ${s.accountId}, ${s.createdAt}, ${s.expiresAt}, NULL)`);
    },
    sessionAccount: async (tokenHash, now) => {
      const row = await db.get<{ account_id: string; created_at: string; expires_at: string }>(sql`SELECT account_id, created_at, expires_at FROM market_sessions WHERE token_hash = ${tokenHash} AND ended_at IS NULL AND expires_at > ${now}`);
      return row && { accountId: row.account_id, createdAt: row.created_at, expiresAt: row.expires_at };
    },
    extendSession: async (tokenHash, now, until) => {
      await db.run(sql`UPDATE market_sessions SET expires_at = ${until} WHERE token_hash = ${tokenHash} AND ended_at IS NULL AND expires_at > ${now} AND expires_at < ${until}`);
    },
    endSession: async (tokenHash, at) => {
      await db.run(sql`UPDATE market_sessions SET ended_at = ${at} WHERE token_hash = ${tokenHash} AND ended_at IS NULL`);
    },
  };
}
