import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_VERIFY_PATH } from '#domain/query/verify-link.ts';
import { API_BASE } from '#protocol/version.ts';
import { startOfficeWithPages, type Office } from '../office/harness.ts';

/**
 * The public pages limited per client address — the certificate check, the self-service kiosk, an owner's own
 * listing — say so on the page, in Chinese, when the limit is reached: a person reads the answer at a kiosk or on
 * a form, not a JSON error in English.
 */
let office: Office;

beforeAll(async () => {
  office = await startOfficeWithPages();
});
afterAll(async () => {
  await office.close();
});

async function refusal(res: Response): Promise<{ status: number; type: string; text: string }> {
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('a public page asked too often from one address', () => {
  it('the certificate check: 30 a minute through its page and its file check together, then a page saying so', async () => {
    const check = (n: number) => {
      if (n % 2 === 0) return fetch(`${office.url}/${PUBLIC_VERIFY_PATH}?id=QC-${n}&c=${String(n).padStart(8, '0')}`);
      const form = new FormData();
      form.set('id', `QC-${n}`);
      form.set('c', String(n).padStart(8, '0'));
      return fetch(`${office.url}${API_BASE}/${PUBLIC_VERIFY_PATH}`, { method: 'POST', body: form });
    };
    for (let n = 0; n < 30; n++) expect((await check(n)).status, `check ${n}`).toBe(404);
    for (const n of [30, 31]) {
      const r = await refusal(await check(n));
      expect(r).toMatchObject({ status: 429, type: 'text/html; charset=utf-8' });
      expect(r.text).toContain('核验过于频繁，请稍后再试。');
    }
  });

  it('the kiosk: 20 reads a minute, then its screen says so', async () => {
    const read = () => fetch(`${office.url}/kiosk/holdings`, { method: 'POST', redirect: 'manual', headers: { origin: office.url } });
    // A browser never set up as a kiosk is asked for its token, but each try counts.
    for (let n = 0; n < 20; n++) expect((await read()).status).toBe(401);
    const r = await refusal(await read());
    expect(r).toMatchObject({ status: 429, type: 'text/html; charset=utf-8' });
    expect(r.text).toContain('操作过于频繁，请一分钟后再试。');
  });

  it('an owner’s own listing: 10 submissions an hour, then the form says so', async () => {
    const submit = () => fetch(`${office.url}/public/listings/submit`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: office.url }, body: 'unitNumber=x' });
    for (let n = 0; n < 10; n++) expect((await submit()).status).toBe(400);
    const r = await refusal(await submit());
    expect(r).toMatchObject({ status: 429, type: 'text/html; charset=utf-8' });
    expect(r.text).toContain('提交过于频繁，请一小时后再试。');
    expect(r.text).toContain('action="/public/listings/submit"');
  });
});
