import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '#protocol/version.ts';
import { MAX_PUSH_BYTES } from '#protocol/messages.ts';
import { loginAs, startOfficeWithPages, type Office } from '../office/harness.ts';

/**
 * A request the web framework cannot read (no JSON, too large, a content type no route takes, a URL that does not
 * decode) is refused in Chinese, saying what was wrong, with the machine code the clients go by (`malformed`,
 * `too-large`), and stores nothing. Fastify's own English (`Body is not valid JSON but content-type is set to
 * 'application/json'`) reached the van's staff after 请求不合格.
 */
let office: Office;
let admin: string;

beforeAll(async () => {
  office = await startOfficeWithPages();
  admin = await loginAs(office, 'admin');
});
afterAll(() => office?.close());

type Refusal = { status: number; code: unknown; message: string; requestId: string | null };
async function send(path: string, init: RequestInit): Promise<Refusal> {
  const res = await fetch(`${office.url}${path}`, init);
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, code: body['code'], message: String(body['message']), requestId: res.headers.get('x-request-id') };
}

/** Chinese through and through: the only Latin letters are the names of formats and units kept on purpose. */
const expectChinese = (message: string) => expect(message.replace(/JSON|MB/g, '')).not.toMatch(/[A-Za-z]/);

const newStaff = (body: string, contentType = 'application/json') =>
  send(`${API_BASE}/admin/staff`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': contentType }, body });
const staffCount = async () => (await office.storage.listDocuments('staff')).length;

describe('a request the office cannot read is refused in Chinese, saying what was wrong', () => {
  it('a body that is not JSON, and an empty one, though the request says JSON', async () => {
    const before = await staffCount();
    const cut = await newStaff('{"login":"li.si","name":');
    expect(cut).toMatchObject({ status: 400, code: 'malformed', message: '请求不合格：请求内容不是有效的 JSON，未作任何保存' });
    const empty = await newStaff('');
    expect(empty).toMatchObject({ status: 400, code: 'malformed', message: '请求不合格：请求声明内容为 JSON，但内容为空，未作任何保存' });
    for (const r of [cut, empty]) expectChinese(r.message);
    expect(await staffCount()).toBe(before);
  });

  it('a body over the limit, with the limit', async () => {
    const before = await staffCount();
    const r = await newStaff(JSON.stringify({ login: 'li.si', name: '李四', roles: ['reviewer'], password: 'x'.repeat(MAX_PUSH_BYTES) }));
    expect(r).toMatchObject({ status: 413, code: 'too-large', message: '请求不合格：请求内容超过 4 MB 的上限，未作任何保存' });
    expectChinese(r.message);
    expect(await staffCount()).toBe(before);
  });

  it('a content type no route takes', async () => {
    const before = await staffCount();
    const r = await newStaff('<staff login="li.si"/>', 'application/xml');
    expect(r).toMatchObject({ status: 415, code: 'malformed', message: '请求不合格：服务器不接受这种内容类型的请求，未作任何保存' });
    expectChinese(r.message);
    expect(await staffCount()).toBe(before);
  });

  it('a URL whose percent-encoding does not decode, and a part of it too long', async () => {
    const bad = await send(`${API_BASE}/admin/staff/%E0%A4%A/deactivate`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    expect(bad).toMatchObject({ status: 400, code: 'malformed', message: '请求不合格：网址中含有无法解码的百分号编码，请核对网址' });
    const long = await send(`${API_BASE}/admin/staff/${'x'.repeat(300)}/deactivate`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    expect(long).toMatchObject({ status: 414, code: 'malformed', message: '请求不合格：网址中的某一段过长，请核对网址' });
    for (const r of [bad, long]) {
      expectChinese(r.message);
      // Answered by the office's own handler: the request id a user can quote comes back too.
      expect(r.requestId).toBeTruthy();
    }
  });

  it('a URL no route answers: the API says not-found in Chinese, a page says so with a way back, never Fastify’s English', async () => {
    const api = await send(`${API_BASE}/office/nope`, { headers: { authorization: `Bearer ${admin}` } });
    expect(api).toMatchObject({ status: 404, code: 'not-found', message: '没有这个网址：请核对网址是否输入正确' });
    expect(api.requestId).toBeTruthy();
    for (const [path, back] of [['/office/nope', '/office'], ['/portal/nope?x=1', '/portal'], ['/public/statu', '/public/status']] as const) {
      const res = await fetch(`${office.url}${path}`);
      const text = await res.text();
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('text/html');
      expect(text, path).toContain('没有这个页面');
      expect(text, path).toContain(`<a href="${back}">`);
      expect(text, path).not.toMatch(/Route|not found|Not Found/);
    }
  });
});
