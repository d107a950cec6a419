import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from '#office/platform/db/sql.ts';
import { C } from '#server/office/city/city-text.ts';
import { testBackend } from '../support/backend.ts';
import { type CountyAndCity, startCountyAndCity } from '../support/county-and-city.ts';

/**
 * A county's administrator owns its staging tables, and the city's subscription copied whatever row they held into the
 * city's database, where each round read a page of 500 of them into the city office's memory: rows of hundreds of
 * megabytes would have brought it down. The city's staging tables now bound each row (a case event as large as a van's
 * push may be, a fact's fields as the feed's schema has them), so a larger row is refused as it is applied and never
 * stored at the city. The subscription then fails on that row at every restart; the city says so and pulls meanwhile.
 */
const CODE = '230822';

let kit: CountyAndCity;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(testBackend() !== 'postgres')('a county’s staged rows, as the city takes them', () => {
  beforeAll(async () => {
    kit = await startCountyAndCity(CODE);
  }, 180_000);

  afterAll(async () => {
    await kit?.close();
  }, 60_000);

  const atCity = (id: string) => kit.city.storage.db.get<{ n: string }>(sql`SELECT count(*)::text AS n FROM county_230822.case_events WHERE id = ${id}`).then((r) => Number(r?.n ?? 0));
  const applyErrors = () => kit.city.storage.db.get<{ n: string }>(sql`SELECT coalesce(sum(apply_error_count), 0)::text AS n FROM pg_stat_subscription_stats WHERE subname = ${`city_county_${CODE}`}`).then((r) => Number(r?.n ?? 0));

  it('never stores a case event larger than a van’s push could bring, while a small one arrives', async () => {
    await kit.roundsUntilStreaming();
    // A subscription made before the bounds existed gets them at its next round.
    const bounds = () => kit.city.storage.db.all<{ conname: string }>(sql`SELECT conname FROM pg_constraint WHERE conrelid IN ('county_230822.case_events'::regclass, 'county_230822.stat_facts'::regclass) AND contype = 'c' ORDER BY 1`);
    expect((await bounds()).map((c) => c.conname)).toEqual(['case_events_row_size', 'stat_facts_row_size']);
    await kit.city.storage.db.transaction((tx) => tx.exec('ALTER TABLE county_230822.case_events DROP CONSTRAINT case_events_row_size; ALTER TABLE county_230822.stat_facts DROP CONSTRAINT stat_facts_row_size'));
    await kit.replica.round(kit.link());
    expect((await bounds()).map((c) => c.conname)).toEqual(['case_events_row_size', 'stat_facts_row_size']);
    const db = new pg.Client({ connectionString: kit.county.dbUrl });
    await db.connect();
    try {
      // A row of the county's own making, straight into its staging table: first a small one, which arrives.
      await db.query(`INSERT INTO county_${CODE}.case_events (seq, id, device_id, body) VALUES (1000000001, 'small', 'd', '{}')`);
      for (let i = 0; i < 100 && (await atCity('small')) === 0; i++) await pause(200);
      expect(await atCity('small')).toBe(1);
      // Then one of 64 MB (compressed to little in the county's WAL: the size a row declares is what counts).
      await db.query(`INSERT INTO county_${CODE}.case_events (seq, id, device_id, body) VALUES (1000000002, 'huge', 'd', repeat('x', 64 * 1024 * 1024))`);
    } finally {
      await db.end();
    }
    // Until the city's database has refused it, or (before the bound) stored it.
    for (let i = 0; i < 150 && (await applyErrors()) === 0 && (await atCity('huge')) === 0; i++) await pause(200);
    expect(await atCity('huge')).toBe(0);
    expect(await applyErrors()).toBeGreaterThan(0);
    // A round of the city after it stores nothing of it either.
    await kit.replica.round(kit.link());
    expect(await atCity('huge')).toBe(0);
    // The subscription fails on the same row at every restart: the city says it is stuck (not streaming, so the HTTPS
    // pull fills in) and what to do, where the city page shows it.
    const seen = await applyErrors();
    for (let i = 0; i < 150 && (await applyErrors()) < seen + 2; i++) await pause(200);
    expect(await kit.replica.round(kit.link())).toBe('stalled');
    const link = await kit.city.storage.db.get<{ replication_state: string; last_error: string | null }>(sql`SELECT replication_state, last_error FROM county_links WHERE code = ${CODE}`);
    expect(link?.replication_state).toBe('stalled');
    // (The small row's body is no case event, which the round says too.)
    expect(link?.last_error).toBe(`${C.replicationStalled}${C.badReplicatedRow}`);
  }, 120_000);
});
