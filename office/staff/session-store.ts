import { type Queryable } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';

/** A staff member's logged-in session; its bearer token is stored only as a hash. `expiresAt` is its idle deadline (session-limits.ts). */
export type Session = { staffId: string; roles: string[]; createdAt: string; expiresAt: string };

export const sessionReads = (q: Queryable) => ({
  async byTokenHash(tokenHash: string, now: string): Promise<Session | undefined> {
    const row = await q.get<{ staff_id: string; roles: string; created_at: string; expires_at: string }>(
      sql`SELECT staff_id, roles, created_at, expires_at FROM sessions WHERE token_hash = ${tokenHash} AND expires_at > ${now}`,
    );
    return row && { staffId: row.staff_id, roles: JSON.parse(row.roles) as string[], createdAt: row.created_at, expiresAt: row.expires_at };
  },
});

export const sessionWrites = (q: Queryable) => ({
  /** Ends one session (logout). */
  async end(tokenHash: string): Promise<void> {
    await q.run(sql`DELETE FROM sessions WHERE token_hash = ${tokenHash}`);
  },

  /** Moves a live session's deadline on to `until` (a request came); an ended or expired one stays ended. */
  async extend(tokenHash: string, now: string, until: string): Promise<void> {
    await q.run(sql`UPDATE sessions SET expires_at = ${until} WHERE token_hash = ${tokenHash} AND expires_at > ${now} AND expires_at < ${until}`);
  },

  /** Ends every session of a person (their role, password or active flag changed). Answers how many. */
  async endAllOf(staffId: string): Promise<number> {
    return q.run(sql`DELETE FROM sessions WHERE staff_id = ${staffId}`);
  },

  async create(input: { tokenHash: string; staffId: string; roles: readonly string[]; now: string; expiresAt: string }): Promise<void> {
    await q.run(sql`INSERT INTO sessions (token_hash, staff_id, roles, created_at, expires_at)
                    VALUES (${input.tokenHash}, ${input.staffId}, ${JSON.stringify(input.roles)}, ${input.now}, ${input.expiresAt})`);
  },
});
