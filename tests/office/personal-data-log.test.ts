import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '#domain/calendar/china-time.ts';
import { PUBLIC_STATUS_PATH } from '#domain/case/status-link.ts';
import { LISTING_VERIFY_PATH } from '#domain/market/verification-code.ts';
import { bizMsgId as bizMsgIdOf } from '#domain/province/exchange-message.ts';
import { StationAgent } from '#electron/station/station-agent.ts';
import { officeLogFile, openOfficeLog } from '#server/log/office-log.ts';
import { maskText, maskUrl } from '#server/log/personal-data.ts';
import { DEMO_BUYERS, DEMO_PROJECT, demoUnitNumber } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { API_BASE } from '#protocol/version.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';
import { csrfIn, getPage, pageLogin, portalLogin, postForm } from '../security/attacker-kit.ts';
import { startMarketOffice } from '../e2e-office/market-office.ts';
import { type Office } from './harness.ts';

/**
 * PIPL 个人信息保护法 art. 28 (a resident ID number is sensitive personal information) and art. 51 (security
 * measures): the office's request log, a plain file in its data folder, must hold no ID number, phone number or
 * name, however a user or a redirect puts one into a URL; the request lines themselves stay.
 */
const [BUYER, OTHER] = DEMO_BUYERS;
const ID = BUYER!.idNumber;
const ID2 = OTHER!.idNumber;
const PHONE = BUYER!.phone;
/** Also as a portal user types it: lower-case check letter, percent-encoded digits. */
const ID_X = '23080419780312041x';
const ENCODED_ID = [...ID].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('');

let office: Office;
let stopAgent: () => Promise<void> = () => Promise.resolve();
beforeAll(async () => {
  office = await startMarketOffice();
}, 120_000);
afterAll(async () => {
  await stopAgent();
  await office.close();
});

const logLines = (): Record<string, unknown>[] =>
  readFileSync(officeLogFile(office.dataDir), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** A sales-office reader station of the demo developer, answered by a station agent whose card is the demo buyer's. */
async function buyerCardStation(staffCookie: string, salesCookie: string): Promise<string> {
  const path = `/office/market/orgs/${DEMO_PROJECT.developerId}/stations`;
  const csrf = csrfIn((await getPage(office.url, path, staffCookie)).html) ?? '';
  const made = await postForm(office.url, path, staffCookie, { _csrf: csrf, name: '售楼处读卡台' }, { origin: office.url });
  const token = /id="station-token">([^<]+)</.exec(made.html)?.[1] ?? '';
  expect(token).not.toBe('');
  const card = { cardType: '居民身份证', name: BUYER!.name, idNumber: ID, validFrom: '2015-01-01', validTo: '长期' };
  const reader = { read: () => Promise.resolve({ ok: true as const, value: { identity: card, photo: new Uint8Array(), fingerprint: null } as never }) };
  const agent = new StationAgent({ officeUrl: office.url, token, reader, log: pino({ level: 'silent' }), retryMs: 200 });
  void agent.start();
  stopAgent = () => agent.stop().then(() => undefined);
  return /<option value="([^"]+)">售楼处读卡台/.exec((await getPage(office.url, `/portal/developer/drafts/new?unit=${demoUnitNumber(1, 3, 2)}`, salesCookie)).html)?.[1] ?? '';
}

describe('the office log and personal data (PIPL art. 28, 51)', () => {
  it('masks what looks like an ID or mobile number, and the values of parameters named for personal data', () => {
    expect(maskUrl(`/office/cases/${ID}?q=${PHONE}&id=42`)).toBe(`/office/cases/(id-number)?q=(phone)&id=42`);
    expect(maskUrl(`/x?name=${encodeURIComponent('张国强')}&idNumber=abc&b0_phone=1`)).toBe(`/x?name=(hidden)&idNumber=(hidden)&b0_phone=1`);
    expect(maskUrl(`/x?v=${ENCODED_ID}`)).not.toContain(ENCODED_ID);
    expect(maskUrl('/office/queues?from1=20&offset=0')).toBe('/office/queues?from1=20&offset=0');
    // A response time's fraction, a request id, a timestamp: no number of a person, left as they are.
    const line = '{"reqId":"a1b2c3d4-e5f6-4a7b-8c9d-a13904541234","responseTime":2.13904541234,"time":"2026-12-07T02:21:35.123Z"}';
    expect(maskText(line)).toBe(line);
    // The province's message id is 18 digits too (area, YYMMDD, serial); it is no one's and stays.
    const bizMsgId = bizMsgIdOf('230803', '2026-12-07', 1);
    expect(maskText(`province delivery failed ${bizMsgId}`)).toBe(`province delivery failed ${bizMsgId}`);
  });

  it('logs a database failure without the row values PostgreSQL quotes in its detail', () => {
    const dir = tempDir('pii-log');
    try {
      const file = join(dir, 'office.log');
      const log = openOfficeLog(file, 'info');
      const failure = Object.assign(new Error(`duplicate key value violates unique constraint; buyer ${ID}`), { code: '23505', detail: `Key (name, phone)=(${BUYER!.name}, ${PHONE}) already exists.` });
      log.error({ err: failure }, 'request failed');
      const text = readFileSync(file, 'utf8');
      for (const secret of [ID, PHONE, BUYER!.name]) expect(text, secret).not.toContain(secret);
      const err = (JSON.parse(text) as { err: Record<string, string> }).err;
      expect(err['code']).toBe('23505');
      expect(err['message']).toBe('duplicate key value violates unique constraint; buyer (id-number)');
      expect(err['stack']).toContain('duplicate key value');
    } finally {
      removeDir(dir);
    }
  });

  it('keeps every resident ID number and phone number out of office.log, and every request line in it', { timeout: 60_000 }, async () => {
    const staff = (await pageLogin(office.url, 'admin')).cookie ?? '';
    expect(staff).not.toBe('');
    const visits: [string, string | null][] = [
      // The public status query (the kiosk's too), its API, the listing verification: someone types their ID number.
      [`/${PUBLIC_STATUS_PATH}?caseNo=${ID}&code=${PHONE}`, null],
      [`${API_BASE}/public/status?caseNo=${ID_X}&code=${PHONE}`, null],
      [`/${LISTING_VERIFY_PATH}?code=${ID}`, null],
      // The public listing search with parameters named for personal data (unknown to the route, still logged).
      [`/public/listings?name=${encodeURIComponent(BUYER!.name)}&phone=${PHONE}&idNumber=${ID}`, null],
      // Staff searches: the register, a case, a contract filing; each box given an ID number (also percent-encoded).
      [`/office/archive?by=address&value=${ID}`, staff],
      [`/office/archive?by=certificate&value=${ENCODED_ID}`, staff],
      [`/office/market/filings?q=${ID2}`, staff],
      [`/office/dashboard?caseId=${ID2}`, staff],
      // A case page's address typed by hand (the dashboard's search no longer leads there for a number of no case).
      [`/office/cases/${ID}`, staff],
      // Not signed in: the login page is sent the URL as `next`.
      [`/office/archive?by=address&value=${ID}`, null],
      // A page that does not exist: Fastify logs its URL once more, in the message of its own 404 line.
      [`/office/people?buyerName=${encodeURIComponent(BUYER!.name)}&id=${ID}`, staff],
    ];
    for (const [path, cookie] of visits) {
      const res = await getPage(office.url, path, cookie);
      // Where the office sends the browser (the case page named by the typed number, the login page) is visited too.
      if (res.status >= 300 && res.status < 400) await getPage(office.url, res.location, cookie);
    }
    // A body the JSON parser refuses, quoted in its message; a form whose fields fail their schema.
    await fetch(`${office.url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"login":"${ID}","password":${PHONE}` });
    await fetch(`${office.url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: ID, password: PHONE, idNumber: ID }) });

    // The developer's sales office reads the buyer's card into a contract draft: the office names the buyer back.
    const sales = await portalLogin(office.url, 'jj-sales');
    const station = await buyerCardStation(staff, sales);
    expect(station).not.toBe('');
    const unit = demoUnitNumber(1, 3, 2);
    const draftPage = `/portal/developer/drafts/new?unit=${unit}`;
    const csrf = csrfIn((await getPage(office.url, draftPage, sales)).html) ?? '';
    const today = todayInOffice();
    const read = await postForm(office.url, '/portal/developer/drafts', sales, { _csrf: csrf, unitNumber: unit, method: 'lump-sum', dueOn: addDays(today, 30), deliveryOn: addDays(today, 400), signedOn: today, station, action: 'read:0' }, { origin: office.url });
    expect(read.status).toBe(302);
    const shown = await getPage(office.url, read.location, sales);
    // The page still names the buyer read from the card, as before.
    expect(shown.html).toContain(`已从身份证读取买受人 1：${BUYER!.name}。`);
    expect(shown.html).toContain(ID);
    // Read into the fourth row while one buyer is listed: the card fills the second, and the page names that row.
    const draftPath = read.location.split('?')[0]!;
    const again = { _csrf: csrfIn(shown.html) ?? csrf, unitNumber: unit, method: 'lump-sum', dueOn: addDays(today, 30), deliveryOn: addDays(today, 400), signedOn: today, station, b0_name: BUYER!.name, b0_idNumber: ID };
    const fourth = await postForm(office.url, draftPath, sales, { ...again, action: 'read:3' }, { origin: office.url });
    expect(fourth.location).toBe(`${draftPath}?read=2`);
    expect((await getPage(office.url, fourth.location, sales)).html).toContain(`已从身份证读取买受人 2：${BUYER!.name}。`);
    // A row the form does not have is refused before the reader is asked.
    for (const action of ['read:x', 'read:-1', 'read:4']) {
      const refused = await postForm(office.url, draftPath, sales, { ...again, action }, { origin: office.url });
      expect(decodeURIComponent(refused.location), action).toContain('提交的内容不合格');
    }

    const text = readFileSync(officeLogFile(office.dataDir), 'utf8');
    for (const secret of [ID, ID2, ID_X, ENCODED_ID, PHONE, BUYER!.name, encodeURIComponent(BUYER!.name)]) expect(text, secret).not.toContain(secret);
    // The request lines are all there: method, path, status.
    const lines = logLines();
    const urls = lines.flatMap((l) => ((l['req'] as { method?: string; url?: string } | undefined)?.url ? [`${(l['req'] as { method: string }).method} ${(l['req'] as { url: string }).url}`] : []));
    for (const path of ['/public/status?caseNo=', '/office/archive?by=address&value=', '/office/market/filings?q=', '/office/dashboard?caseId=', '/office/cases/', '/office/login?next=', '/public/listings?name=', '/portal/developer/drafts']) {
      expect(urls.some((u) => u.includes(path)), path).toBe(true);
    }
    expect(urls).toContain(`GET /${PUBLIC_STATUS_PATH}?caseNo=(id-number)&code=(phone)`);
    expect(lines.map((l) => l['msg'])).toContain('Route GET:/office/people?buyerName=(hidden)&id=(id-number) not found');
    const statuses = lines.flatMap((l) => ((l['res'] as { statusCode?: number } | undefined)?.statusCode ? [(l['res'] as { statusCode: number }).statusCode] : []));
    expect(statuses).toEqual(expect.arrayContaining([200, 302, 400]));
  });
});
