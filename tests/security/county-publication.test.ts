import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from '#office/platform/db/sql.ts';
import { hashToken } from '#server/auth/tokens.ts';
import { testBackend } from '../support/backend.ts';
import { type CountyAndCity, REPLICATION_ROLE as ROLE, startCountyAndCity } from '../support/county-and-city.ts';
import { loginAs } from '../office/harness.ts';

/**
 * A county office runs its own PostgreSQL server, and its administrator may change anything there, the publication the
 * city subscribes to included. Logical replication copies every table a publication lists into the subscriber's table
 * of the same schema-qualified name: a county that adds `public.sessions` (or `public.documents`, or another county's
 * staging schema) to its publication, then drops the city's slot so that the city subscribes afresh, had its rows
 * written into the city's own tables. Here it plants a session of its own choosing, which then signs it in at the city
 * as the city's administrator. The city takes from a county's publication only that county's two staging tables.
 */
const CODE = '230822';

let kit: CountyAndCity;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(testBackend() !== 'postgres')('a county’s publication, as the city subscribes to it', () => {
  beforeAll(async () => {
    kit = await startCountyAndCity(CODE);
  }, 180_000);

  afterAll(async () => {
    await kit?.close();
  }, 60_000);

  const linkRow = () => kit.city.storage.db.get<{ replication_state: string | null; last_error: string | null }>(sql`SELECT replication_state, last_error FROM county_links WHERE code = ${CODE}`);

  it('takes only the county’s own staging tables: a session the county plants never reaches the city', async () => {
    await kit.roundsUntilStreaming();
    expect((await linkRow())?.replication_state).toBe('streaming');

    // The county signs in at its own office, then makes that session the city administrator's, in its own database.
    const planted = await loginAs(kit.county, 'admin');
    const cityAdmin = await kit.city.storage.db.get<{ id: string }>(sql`SELECT id FROM documents WHERE collection = 'staff' AND body LIKE ${'%"login":"admin"%'}`);
    expect(cityAdmin).toBeDefined();
    expect((await fetch(`${kit.city.url}/api/v1/office/me`, { headers: { authorization: `Bearer ${planted}` } })).status).toBe(401);
    const db = new pg.Client({ connectionString: kit.county.dbUrl });
    await db.connect();
    try {
      expect((await db.query('UPDATE sessions SET staff_id = $1 WHERE token_hash = $2', [cityAdmin?.id, hashToken(planted)])).rowCount).toBe(1);
      await db.query(`ALTER PUBLICATION county_${CODE} ADD TABLE public.sessions`);
      await db.query(`GRANT SELECT ON public.sessions TO ${ROLE}`);
      // The city's slot dropped (its sender ended first): the city subscribes afresh at its next round.
      for (let i = 0; i < 100; i++) {
        await db.query(`SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = 'city_county_${CODE}' AND active_pid IS NOT NULL`);
        const dropped = await db.query(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'city_county_${CODE}' AND NOT active`).then((r) => r.rowCount === 1, () => false);
        if (dropped) break;
        await pause(100);
      }
      expect((await db.query(`SELECT 1 FROM pg_replication_slots WHERE slot_name = 'city_county_${CODE}'`)).rowCount).toBe(0);
    } finally {
      await db.end();
    }

    // Rounds of the city for a while: time enough for a subscription's first copy of every table it took.
    for (let i = 0; i < 40; i++) {
      await kit.replica.round(kit.link());
      await pause(250);
    }
    expect(await kit.city.storage.db.get(sql`SELECT staff_id FROM sessions WHERE token_hash = ${hashToken(planted)}`)).toBeUndefined();
    expect((await fetch(`${kit.city.url}/api/v1/office/me`, { headers: { authorization: `Bearer ${planted}` } })).status).toBe(401);
    // The city is told why, in Chinese, and subscribes to nothing of that county until its publication is its own again.
    const row = await linkRow();
    expect(row?.replication_state).toBe('not-subscribed');
    expect(row?.last_error).toContain('public.sessions');
    expect(row?.last_error).toContain('发布');
  }, 120_000);

  it('lets go of a subscription already writing another table, made before this check or refreshed by hand', async () => {
    const db = new pg.Client({ connectionString: kit.county.dbUrl });
    await db.connect();
    try {
      // The county puts its publication right: the city subscribes again.
      await db.query(`ALTER PUBLICATION county_${CODE} DROP TABLE public.sessions`);
      await kit.roundsUntilStreaming();
      expect((await linkRow())?.replication_state).toBe('streaming');
      // Then lists the sessions again, and someone at the city refreshes the subscription (without copying anything).
      await db.query(`ALTER PUBLICATION county_${CODE} ADD TABLE public.sessions`);
    } finally {
      await db.end();
    }
    // REFRESH runs outside a transaction block, so on a connection of its own.
    const at = new pg.Client({ connectionString: kit.city.dbUrl });
    await at.connect();
    await at.query(`ALTER SUBSCRIPTION city_county_${CODE} REFRESH PUBLICATION WITH (copy_data = false)`).finally(() => at.end());
    expect(await kit.replica.round(kit.link())).toBe('not-subscribed');
    expect(await kit.city.storage.db.get(sql`SELECT 1 AS n FROM pg_subscription WHERE subname = ${`city_county_${CODE}`}`)).toBeUndefined();
    expect((await linkRow())?.last_error).toContain('public.sessions');
  }, 120_000);
});
