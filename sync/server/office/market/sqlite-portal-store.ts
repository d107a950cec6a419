import { type PortalRole } from '#domain/market/portal-roles.ts';
import { sql, type SqlRunner } from '#server/db/sql.ts';
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

/** The portals' logins and sessions on the office's SQLite file (tables of 0008_market.sql). */
export function sqlitePortalStore(q: SqlRunner): PortalStore {
  const one = (r: AccountDbRow | undefined) => Promise.resolve(r && accountFromRow(r));
  return {
    createAccount: (a) => {
      try {
        q.run(sql`INSERT INTO market_accounts (id, org_id, login, name, roles, password_hash, active, updated_at)
          VALUES (${a.id}, ${a.orgId}, ${a.login}, ${a.name}, ${JSON.stringify(a.roles)}, ${a.passwordHash}, ${a.active ? 1 : 0}, ${a.updatedAt})`);
        return Promise.resolve('ok');
      } catch (error) {
        if (error instanceof Error && error.message.includes('market_accounts.login')) return Promise.resolve('login-taken');
        throw error;
      }
    },
    accountByLogin: (login) => one(q.get<AccountDbRow>(sql`SELECT * FROM market_accounts WHERE login = ${login}`)),
    account: (id) => one(q.get<AccountDbRow>(sql`SELECT * FROM market_accounts WHERE id = ${id}`)),
    accountsOf: (orgId) => Promise.resolve(q.all<AccountDbRow>(sql`SELECT * FROM market_accounts WHERE org_id = ${orgId} ORDER BY login`).map(accountFromRow)),
    updateAccount: (id, change, at, endSessions) =>
      Promise.resolve(
        q.transaction(() => {
          const current = q.get<AccountDbRow>(sql`SELECT * FROM market_accounts WHERE id = ${id}`);
          if (!current) return false;
          const roles = change.roles ? JSON.stringify(change.roles) : current.roles;
          const active = change.active === undefined ? current.active : change.active ? 1 : 0;
          q.run(sql`UPDATE market_accounts SET roles = ${roles}, active = ${active}, password_hash = ${change.passwordHash ?? current.password_hash}, updated_at = ${at} WHERE id = ${id}`);
          if (endSessions) q.run(sql`UPDATE market_sessions SET ended_at = ${at} WHERE account_id = ${id} AND ended_at IS NULL`);
          return true;
        }),
      ),
    createSession: (s) => {
      q.run(sql`INSERT INTO market_sessions (token_hash, account_id, created_at, expires_at, ended_at) VALUES (${s.tokenHash}, ${s.accountId}, ${s.createdAt}, ${s.expiresAt}, NULL)`);
      return Promise.resolve();
    },
    sessionAccount: (tokenHash, now) =>
      Promise.resolve(q.get<{ account_id: string }>(sql`SELECT account_id FROM market_sessions WHERE token_hash = ${tokenHash} AND ended_at IS NULL AND expires_at > ${now}`)?.account_id),
    endSession: (tokenHash, at) => {
      q.run(sql`UPDATE market_sessions SET ended_at = ${at} WHERE token_hash = ${tokenHash} AND ended_at IS NULL`);
      return Promise.resolve();
    },
  };
}
