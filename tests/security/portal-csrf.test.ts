import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfficeWithPages, type Office } from '../office/harness.ts';
import { csrfIn, getPage, portalLogin, postForm } from './attacker-kit.ts';

/** The portals' CSRF guard (OWASP CSRF Prevention Cheat Sheet: a per-session token and the origin checked). */
let office: Office;
let cookie: string;
const lookup = { contract: 'YS20269999999', buyerId: '23080319800101123X' };

beforeAll(async () => {
  office = await startOfficeWithPages({ market: true });
  cookie = await portalLogin(office.url, 'ccb-credit');
});
afterAll(async () => {
  await office.close();
});

describe('a portal form riding on the session cookie', () => {
  it('is refused without the session’s token, even with a bearer header beside the cookie', async () => {
    expect((await postForm(office.url, '/portal/bank/lookup', cookie, lookup, { origin: office.url })).status).toBe(403);
    // The page signs the request in by the cookie: a header naming any token must not stand in for the form's.
    expect((await postForm(office.url, '/portal/bank/lookup', cookie, lookup, { origin: office.url, authorization: 'Bearer anything' })).status).toBe(403);
  });

  it('is taken with the token, from the office’s own origin', async () => {
    const _csrf = csrfIn((await getPage(office.url, '/portal/bank', cookie)).html) ?? '';
    // Past the guard: no such contract, so the look-up's own answer, not the guard's 403.
    expect((await postForm(office.url, '/portal/bank/lookup', cookie, { _csrf, ...lookup }, { origin: office.url })).status).not.toBe(403);
    expect((await postForm(office.url, '/portal/bank/lookup', cookie, { _csrf, ...lookup }, { origin: 'http://evil.example' })).status).toBe(403);
  });
});
