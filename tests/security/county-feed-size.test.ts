import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '#office/platform/db/sql.ts';
import { CountyPuller, MAX_FEED_ANSWER_BYTES } from '#server/office/city/county-puller.ts';
import { type DbStorage } from '#server/storage/db-storage.ts';
import { openTestStorage } from '../support/backend.ts';
import { type EndlessAnswer, startEndlessAnswer } from '../support/endless-answer.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

/**
 * A county answers the city's pull, and the city read the whole answer into memory before looking at it (`res.json()`):
 * a county that answered a page of facts with hundreds of megabytes, or without end, made the city office hold it all
 * until it fell over, every round. The city now reads an answer up to 64 MB and hangs up past that, storing nothing.
 */
const CODE = '230822';
/** Far past the limit: what the county would send if the city read on. */
const SENT = 200 * 1024 * 1024;

let dir = '';
let storage: DbStorage;
let dispose: () => Promise<void>;
let county: EndlessAnswer;

beforeAll(async () => {
  dir = tempDir('county-feed-size');
  ({ storage, dispose } = await openTestStorage(dir));
  // A county whose facts page is valid JSON padded with 200 MB of spaces, sent as fast as the city reads it.
  const head = JSON.stringify({ office: CODE, facts: [], pending: 0, eventsPending: 0 }).slice(0, -1);
  county = await startEndlessAnswer({ contentType: 'application/json', head, padding: SENT, tail: '}' });
}, 60_000);

afterAll(async () => {
  await county.close();
  await dispose();
  removeDir(dir);
});

describe('a county answering the city’s pull with more than any page can be', () => {
  it('is hung up on at the limit, and nothing of it is stored', async () => {
    const puller = new CountyPuller(storage.db, [{ code: CODE, url: county.url, token: 't' }], { now: () => new Date() });
    expect(await puller.pullCounty({ code: CODE, url: county.url, token: 't' })).toBe('failed');
    // What the socket buffers hold besides, a few megabytes at most, not the 200 MB the county had to send.
    expect(county.written()).toBeLessThan(MAX_FEED_ANSWER_BYTES + 16 * 1024 * 1024);
    const link = await storage.db.get<{ last_error: string | null; facts_read: number | string }>(sql`SELECT last_error, facts_read FROM county_links WHERE code = ${CODE}`);
    expect(link?.last_error).toContain('超过 64 MB');
    expect(Number(link?.facts_read)).toBe(0);
  }, 60_000);
});
