import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfficeWithPages, type Office } from '../office/harness.ts';

/**
 * The public status query answers a case number with its query code; the code is what an applicant holds and a
 * stranger does not, so guesses are limited per client address. The page, the JSON API and HEAD on either are the
 * same query: they share the one budget, or an attacker guesses through each in turn.
 */
let office: Office;

beforeAll(async () => {
  office = await startOfficeWithPages();
});
afterAll(async () => {
  await office.close();
});

describe('guessing a case’s query code', () => {
  it('gets 20 answers a minute from one address, through the page, the JSON API and HEAD together', async () => {
    const query = (n: number) => `caseNo=JMS-2026-000001&code=${String(n).padStart(8, '0')}`;
    for (let n = 0; n < 20; n++) {
      const path = n % 2 === 0 ? `/public/status?${query(n)}` : `/api/v1/public/status?${query(n)}`;
      expect((await fetch(`${office.url}${path}`)).status, path).toBe(404);
    }
    for (const [method, path] of [['GET', '/public/status'], ['GET', '/api/v1/public/status'], ['HEAD', '/public/status'], ['HEAD', '/api/v1/public/status']] as const) {
      expect((await fetch(`${office.url}${path}?${query(99)}`, { method })).status, `${method} ${path}`).toBe(429);
    }
  });
});
