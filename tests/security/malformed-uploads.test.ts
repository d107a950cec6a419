import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { sql } from '#office/platform/db/sql.ts';
import { MAX_SCAN_BYTES } from '#protocol/messages.ts';
import { API_BASE, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';
import { A } from '#server/office/archive/archive-text.ts';
import { MAX_LEDGER_BYTES } from '#server/office/archive/legacy-import.ts';
import { MAX_HISTORIC_BYTES, MAX_PHOTO_BYTES } from '#server/office/archive/viewer-service.ts';
import { csrfTokenOf, SESSION_COOKIE } from '#server/office/session.ts';
import { MAX_STATEMENT_BYTES } from '#server/office/statement-service.ts';
import { S } from '#server/office/statement-text.ts';
import { changedTables, type OfficeUnderTest, openOffice, tableDigests } from './route-kit.ts';

/**
 * The gaps malformed-input.test.ts leaves: malformed multipart bodies to every route that takes an upload, the
 * update upload's raw body, and malformed tus requests to the scan uploads. Each is sent by a caller allowed to use
 * the route; each must answer below 500 with its reason (a 4xx, or the form's page or redirect saying why), and
 * none may leave a file in the office's data folder or change a table.
 */

type Body = { headers: Record<string, string>; payload?: string | Buffer | Readable };
type Answer = { status: number; location: string; body: string; offset: string | undefined };
/**
 * A route that takes an upload form: who calls it, a field it reads, and its file limit, for a file one byte over it
 * (null: not sent, the limit being 2 GB), with the reason a page shows for it.
 */
type UploadRoute = { url: string; as: 'page' | 'api' | 'public'; field: string; limit: number | null; tooLarge?: string; fields?: Record<string, string> };

const BOUNDARY = 'malformed-uploads';
type Part = { disposition: string; type?: string; body: string | Buffer };
const field = (name: string, value: string): Part => ({ disposition: `form-data; name="${name}"`, body: value });
const file = (name: string, filename: string, body: string | Buffer, type = 'application/octet-stream'): Part => ({ disposition: `form-data; name="${name}"; filename="${filename}"`, type, body });
/** A multipart/form-data body of these parts, closed unless `open`; streamed, not copied into one buffer, if `stream`. */
function multipart(parts: Part[], open = false, stream = false): Body {
  const chunks = parts.flatMap((p) => [`--${BOUNDARY}\r\nContent-Disposition: ${p.disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`, p.body, '\r\n']);
  const buffers = [...chunks, open ? '' : `--${BOUNDARY}--\r\n`].map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c));
  return { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, payload: stream ? Readable.from(buffers) : Buffer.concat(buffers) };
}

/** A few bytes that are no photo, PDF, spreadsheet, statement or bundle. */
const JUNK = 'not what the form asks for';
/** The fields a route needs besides its file (a channel, a label), sent well-formed so that the file itself is judged. */
const good = (r: UploadRoute): Part[] => Object.entries(r.fields ?? {}).map(([n, v]) => field(n, v));
/** The malformed bodies, each named; `r.field` is a text field the route reads, `file` its file field. */
const MULTIPART: Record<string, (r: UploadRoute) => Body> = {
  'no body': () => ({ headers: {} }),
  'JSON, not multipart': (r) => ({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ [r.field]: 'x', file: JUNK }) }),
  'text/plain': () => ({ headers: { 'content-type': 'text/plain' }, payload: JUNK }),
  'multipart without a boundary': () => ({ headers: { 'content-type': 'multipart/form-data' }, payload: JUNK }),
  'a boundary that never closes': (r) => multipart([...good(r), file('file', 'a.jpg', JUNK)], true),
  'a body cut inside a part’s headers': () => ({ headers: multipart([]).headers, payload: `--${BOUNDARY}\r\nContent-Disposition: form-da` }),
  'a part without a name': (r) => multipart([...good(r), { disposition: 'form-data; filename="a.jpg"', type: 'image/jpeg', body: JUNK }]),
  'a file where a field is expected': (r) => multipart([file(r.field, 'field.txt', JUNK, 'text/plain')]),
  'a field where the file is expected': (r) => multipart([field(r.field, 'x'), field('file', JUNK)]),
  'an empty file': (r) => multipart([...good(r), file('file', 'empty.jpg', '', 'image/jpeg')]),
  'a wrong declared type': (r) => multipart([...good(r), file('file', 'a.jpg', JUNK, 'image/jpeg')]),
  'a file name climbing out': (r) => multipart([...good(r), file('file', '../../../office.sqlite', JUNK)]),
  'a file name holding NUL': (r) => multipart([...good(r), file('file', 'a\u0000.jpg', JUNK)]),
  'a field holding NUL': (r) => multipart([field(r.field, 'a\u0000b'), file('file', 'a.jpg', JUNK)]),
  'an overlong field': (r) => multipart([field(r.field, 'x'.repeat(100_000)), file('file', 'a.jpg', JUNK)]),
  'repeated fields': (r) => multipart([...Array.from({ length: 12 }, () => field(r.field, 'x')), file('file', 'a.jpg', JUNK)]),
  'repeated files': (r) => multipart([...good(r), file('file', 'a.jpg', JUNK), file('file', 'b.jpg', JUNK)]),
  'a file over the route’s limit': (r) => multipart([...good(r), file('file', 'big.bin', Buffer.alloc((r.limit ?? 0) + 1))], false, true),
};

/** The update upload (admin API): raw bytes under a feed file name, not a form. */
const UPDATE_BODIES: Record<string, Body> = {
  'a multipart form': multipart([file('file', 'app.exe', JUNK)]),
  'JSON': { headers: { 'content-type': 'application/json' }, payload: '{"file":"x"}' },
  'no body': { headers: {} },
};
const UPDATE_NAMES = ['..%2f..%2foffice.sqlite', '..', '.hidden', 'a%00.exe', 'a%5cb.exe', 'x'.repeat(300)];

let office: OfficeUnderTest;
let unit = '';
const as: Record<UploadRoute['as'] | 'admin', Record<string, string>> = { page: {}, api: {}, public: {}, admin: {} };

/** Every upload route of the office (grep: uploadRoute, req.parts), its caller and its limit. */
const uploadRoutes = (): UploadRoute[] => [
  { url: '/office/bundles', as: 'page', field: 'note', limit: null },
  { url: '/office/archive/imports', as: 'page', field: 'mode', limit: MAX_LEDGER_BYTES, tooLarge: A.imports.tooLarge },
  { url: `${API_BASE}/office/archive/imports`, as: 'api', field: 'mode', limit: MAX_LEDGER_BYTES },
  { url: `/office/trips/${DEMO_TRIP_ID}/statements`, as: 'page', field: 'channel', limit: MAX_STATEMENT_BYTES, tooLarge: S.tooLarge, fields: { channel: 'wechat' } },
  { url: `/office/archive/viewer/${unit}/photos`, as: 'page', field: 'label', limit: MAX_PHOTO_BYTES, tooLarge: A.viewer.photoRefused['too-large'], fields: { label: '客厅' } },
  { url: `/office/archive/viewer/${unit}/historic`, as: 'page', field: 'progress', limit: MAX_HISTORIC_BYTES, tooLarge: A.viewer.historicRefused['too-large'], fields: { label: '旧档案' } },
  { url: `${API_BASE}/office/archive/units/${unit}/photos`, as: 'api', field: 'label', limit: MAX_PHOTO_BYTES, fields: { label: '客厅' } },
  { url: `${API_BASE}/office/archive/units/${unit}/historic`, as: 'api', field: 'label', limit: MAX_HISTORIC_BYTES, fields: { label: '旧档案' } },
  { url: `${API_BASE}/public/archive/verify`, as: 'public', field: 'id', limit: 20 * 1024 * 1024, tooLarge: A.verify.tooLarge, fields: { id: 'x', c: 'x' } },
];

async function send(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'HEAD' | 'DELETE', url: string, headers: Record<string, string>, body: Body): Promise<Answer> {
  const res = await office.app.inject({ method, url, headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...body.headers, ...headers }, ...(body.payload === undefined ? {} : { payload: body.payload }) });
  return { status: res.statusCode, location: decodeURIComponent(String(res.headers.location ?? '')), body: res.body, offset: res.headers['upload-offset']?.toString() };
}

/**
 * A clear refusal: a 4xx (a page's showing the reason, role="alert"), or for the ledger import the page of an import refused with its reason (every import is kept,
 * the refused ones too, so the import page lists them: legacy-import.ts `startLedger`).
 */
async function refusedWithReason(a: Answer): Promise<boolean> {
  const ledger = /^\/office\/archive\/imports\/(ledger-[\w-]+)$/.exec(a.location)?.[1];
  if (a.status === 303 && ledger) return (await send('GET', `${a.location}/status`, as.page, { headers: {} })).body.includes('"status":"refused"');
  // A page answered in place says why under a 4xx, not a 200 that tells the browser (and a proxy, a log) it worked.
  const page = a.body.startsWith('<!doctype html>');
  return a.status >= 400 && a.status < 500 && (!page || a.body.includes('role="alert"'));
}
/**
 * Each table's digest, the kept imports but as their count of imports not refused, and without the public check's
 * guesses (counted so that guessing is throttled, guess-budget.ts, whatever the form held).
 */
async function storedRows(): Promise<Record<string, string>> {
  const { archive_imports: _kept, guesses: _counted, ...rest } = await tableDigests(office.storage.db);
  const notRefused = await office.storage.db.all(sql`SELECT id FROM archive_imports WHERE status <> 'refused'`);
  return { ...rest, 'archive_imports not refused': String(notRefused.length) };
}

/** Every file in the data folder but the database's own, so that a refused upload is seen to leave none. */
const dataFiles = (): string[] =>
  readdirSync(office.dataDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('office.sqlite'))
    .map((e) => join(e.parentPath, e.name).slice(office.dataDir.length))
    .sort();

beforeAll(async () => {
  office = await openOffice('malformed-uploads');
  // The archive works through the seed's outbox in the background, a round a second (archive-routes.ts): waited for,
  // so that the tables change only by the requests sent here.
  for (let i = 0; i < 120 && (await office.storage.db.all(sql`SELECT id FROM archive_outbox`)).length > 0; i++) await new Promise((r) => setTimeout(r, 250));
  const token = await office.staffSession('admin');
  as.page = { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfTokenOf(token) };
  as.api = { authorization: `Bearer ${token}` };
  as.admin = as.api;
  const number = (await office.storage.listDocuments('units'))[0]?.body['unitNumber'];
  unit = typeof number === 'string' ? number : '';
  expect(unit).not.toBe('');
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('malformed uploads', () => {
  it('get a 4xx or the form’s answer with the reason from every upload route, and leave no file and no row', async () => {
    const [tables, files] = [await storedRows(), dataFiles()];
    const failures: string[] = [];
    for (const r of uploadRoutes()) {
      for (const [name, body] of Object.entries(MULTIPART)) {
        if (name === 'a file over the route’s limit' && r.limit === null) continue;
        const a = await send('POST', r.url, as[r.as], body(r));
        if (!(await refusedWithReason(a))) failures.push(`POST ${r.url} ${name} → ${a.status} ${a.location || a.body.slice(0, 120)}`);
        // A page says why in its own words, under its 4xx: that the file is over the limit, not a malformed request.
        else if (r.tooLarge !== undefined && name === 'a file over the route’s limit' && !(await shownPage(a)).includes(r.tooLarge)) failures.push(`POST ${r.url} ${name}: the page does not say ${r.tooLarge}`);
      }
    }
    for (const [name, body] of Object.entries(UPDATE_BODIES)) {
      for (const file of ['app-1.2.3.exe', ...UPDATE_NAMES]) {
        const a = await send('PUT', `${API_BASE}/admin/updates/${file}`, as.admin, body);
        if (!(await refusedWithReason(a))) failures.push(`PUT updates/${file} ${name} → ${a.status} ${a.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(dataFiles()).toEqual(files);
    expect(changedTables(tables, await storedRows())).toEqual([]);
  }, 120_000);
});

/** The page a page upload answered: its own, or the page it sent the browser on to. */
async function shownPage(a: Answer): Promise<string> {
  return a.status === 303 ? (await send('GET', a.location, as.page, { headers: {} })).body : a.body;
}

describe('the parser’s count limits', () => {
  /** A form over each limit (uploadRoute: one file, eight fields; the public check: three parts), its code and its reason. */
  const twoFiles = (r: UploadRoute) => multipart([...good(r), file('file', 'a.jpg', JUNK), file('file', 'b.jpg', JUNK)]);
  const manyFields = () => multipart([...Array.from({ length: 12 }, (_, i) => field(`f${i}`, 'x')), file('file', 'a.jpg', JUNK)]);
  const manyParts = (r: UploadRoute) => multipart([...good(r), field('extra', 'x'), file('file', 'a.pdf', JUNK)]);
  const LIMITS = [
    { code: 'too-many-files', reason: '一次只能上传一个文件', body: twoFiles },
    { code: 'too-many-fields', reason: '表单的填写项过多', body: manyFields },
  ];

  it('answer 400 with their own reason, on the page and in the API, and store nothing', async () => {
    const [tables, files] = [await storedRows(), dataFiles()];
    const routes = uploadRoutes();
    const failures: string[] = [];
    const expectations = [
      ...LIMITS.flatMap((l) => routes.filter((r) => r.as !== 'public').map((r) => ({ r, ...l }))),
      // The parts limit is reached only where it is below files + fields: the public check's form of three parts.
      ...routes.filter((r) => r.as === 'public').map((r) => ({ r, code: 'too-many-parts', reason: '表单的组成部分过多', body: manyParts })),
    ];
    for (const { r, code, reason, body } of expectations) {
      const a = await send('POST', r.url, as[r.as], body(r));
      if (r.as === 'api') {
        const got = a.status === 400 ? (JSON.parse(a.body) as { code?: string; message?: string }) : {};
        if (got.code !== code || !got.message?.includes(reason)) failures.push(`POST ${r.url} ${code} → ${a.status} ${a.body.slice(0, 120)}`);
      } else if (!(await shownPage(a)).includes(reason)) failures.push(`POST ${r.url} ${code} → ${a.status} ${a.location || a.body.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
    expect(dataFiles()).toEqual(files);
    expect(changedTables(tables, await storedRows())).toEqual([]);
  }, 120_000);
});

describe('an update upload whose connection breaks midway', () => {
  const until = async (done: () => boolean, ms: number) => {
    for (let waited = 0; !done() && waited < ms; waited += 50) await new Promise((r) => setTimeout(r, 50));
  };

  it('leaves no partial file and no row, and the office answers on', async () => {
    const [tables, files] = [await storedRows(), dataFiles()];
    const address = new URL(await office.app.listen({ port: 0, host: '127.0.0.1' }));
    // Half of a 4 MB installer, sent by hand, then the socket destroyed as a client cut off is.
    const socket = connect(Number(address.port), address.hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const headers = [
      `PUT ${API_BASE}/admin/updates/app-9.9.9.exe HTTP/1.1`, `Host: ${address.host}`, `Authorization: ${as.admin['authorization'] ?? ''}`,
      `${PROTOCOL_HEADER}: ${PROTOCOL_VERSION}`, 'Content-Type: application/octet-stream', `Content-Length: ${4 * 1024 * 1024}`,
    ];
    socket.write(`${headers.join('\r\n')}\r\n\r\n`);
    socket.write(Buffer.alloc(2 * 1024 * 1024, 7));
    // Broken off once the office has begun writing it.
    await until(() => dataFiles().length > files.length, 5_000);
    expect(dataFiles().length, 'the upload began').toBeGreaterThan(files.length);
    socket.destroy();
    await until(() => dataFiles().length === files.length, 5_000);
    expect(dataFiles()).toEqual(files);
    expect(changedTables(tables, await storedRows())).toEqual([]);
    const health = await fetch(`${address.origin}${API_BASE}/health`);
    expect(health.status).toBe(200);
  }, 30_000);
});

describe('malformed tus requests to the scan uploads', () => {
  const TUS = `${API_BASE}/scans/uploads`;
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const bytes = Buffer.from('%PDF-1.4\n malformed-uploads scan\n');
  const sha = createHash('sha256').update(bytes).digest('hex');
  const meta = `sha256 ${b64(sha)}`;
  const creation = (headers: Record<string, string>): Body => ({ headers: { 'tus-resumable': '1.0.0', 'upload-length': String(bytes.length), 'upload-metadata': meta, ...headers } });
  const append = (headers: Record<string, string>, payload: string | Buffer = bytes): Body => ({ headers: { 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', ...headers }, payload });
  /** Ids that are not an upload's, or climb out of the upload folder. */
  const BAD_IDS = ['0123456789abcdef0123456789abcdef', '..', '%2e%2e', '..%2f..%2foffice.sqlite', '..%5c..%5coffice.sqlite', '%00', 'x'.repeat(300)];

  let van: Record<string, string> = {};
  let other: Record<string, string> = {};
  /** An upload the van began (nothing sent yet), and one another device began. */
  let mine = '';
  let theirs = '';

  const begin = async (device: Record<string, string>): Promise<string> => {
    const a = await send('POST', TUS, device, creation({}));
    expect(a.status, a.body).toBe(201);
    return a.location;
  };
  const incidentCodes = async () => (await office.storage.db.all<{ code: string }>(sql`SELECT code FROM incidents ORDER BY id`)).map((r) => r.code);
  const offsetOf = async (url: string, device = van) => (await send('HEAD', url, device, { headers: { 'tus-resumable': '1.0.0' } })).offset;

  beforeAll(async () => {
    const devices = [await office.enrolledDevice('malformed-uploads van'), await office.enrolledDevice('malformed-uploads other')];
    for (const d of devices) {
      const scan = {
        id: `${d.deviceId}-scan`, caseId: `${d.deviceId}-case`, deviceId: d.deviceId, sha256: sha, bytes: bytes.length,
        mime: 'application/pdf', pages: 1, material: { name: '不动产登记申请书', original: true, copies: 1 }, createdAt: '2026-12-02T02:00:00.000Z', _deleted: false,
      };
      const res = await send('POST', `${API_BASE}/sync/scans/push`, { authorization: `Bearer ${d.token}`, 'content-type': 'application/json' }, { headers: {}, payload: JSON.stringify([{ newDocumentState: scan }]) });
      expect(res.status, res.body).toBe(200);
    }
    van = { authorization: `Bearer ${devices[0]?.token ?? ''}` };
    other = { authorization: `Bearer ${devices[1]?.token ?? ''}` };
    mine = await begin(van);
    theirs = await begin(other);
  });

  it('are refused with a 4xx, leaving the uploads as they were, no file and no row', async () => {
    const [tables, files, incidents] = [await tableDigests(office.storage.db), dataFiles(), await incidentCodes()];
    const cases: [string, 'POST' | 'PATCH' | 'HEAD' | 'DELETE', string, Body][] = [
      ['creation without Tus-Resumable', 'POST', TUS, { headers: { 'upload-length': '1', 'upload-metadata': meta } }],
      ['creation with another tus version', 'POST', TUS, creation({ 'tus-resumable': '0.2.2' })],
      ...['-1', 'abc', '1.5', '1e3', '', '0x10', '99999999999999999999', String(MAX_SCAN_BYTES + 1)].map((n): [string, 'POST', string, Body] => [`Upload-Length ${JSON.stringify(n)}`, 'POST', TUS, creation({ 'upload-length': n })]),
      ['no Upload-Length', 'POST', TUS, { headers: { 'tus-resumable': '1.0.0', 'upload-metadata': meta } }],
      ['a deferred length', 'POST', TUS, { headers: { 'tus-resumable': '1.0.0', 'upload-defer-length': '1', 'upload-metadata': meta } }],
      ['Upload-Metadata not base64', 'POST', TUS, creation({ 'upload-metadata': 'sha256 !!!not-base64!!!' })],
      ['Upload-Metadata without sha256', 'POST', TUS, creation({ 'upload-metadata': `name ${b64('a.pdf')}` })],
      ['Upload-Metadata holding NUL', 'POST', TUS, creation({ 'upload-metadata': `sha256 ${b64(`${sha}\u0000`)}` })],
      ['Upload-Metadata overlong', 'POST', TUS, creation({ 'upload-metadata': `sha256 ${b64('a'.repeat(60_000))}` })],
      ['Upload-Metadata with the key twice', 'POST', TUS, creation({ 'upload-metadata': `sha256 ${b64(sha)},sha256 ${b64('0'.repeat(64))}` })],
      ['a scan nobody declared', 'POST', TUS, creation({ 'upload-metadata': `sha256 ${b64('0'.repeat(64))}` })],
      ['creation with a body longer than declared', 'POST', TUS, { ...creation({ 'content-type': 'application/offset+octet-stream' }), payload: Buffer.concat([bytes, Buffer.from('more')]) }],
      ['creation with a body of the wrong hash', 'POST', TUS, { ...creation({ 'content-type': 'application/offset+octet-stream' }), payload: Buffer.alloc(bytes.length, 1) }],
      ['append without Tus-Resumable', 'PATCH', mine, append({ 'tus-resumable': '' })],
      ...['application/octet-stream', 'text/plain', 'multipart/form-data; boundary=x'].map((t): [string, 'PATCH', string, Body] => [`append as ${t}`, 'PATCH', mine, append({ 'content-type': t })]),
      ...['-1', 'abc', '1.5', '1e3', '', '99999999999999999999', '1'].map((n): [string, 'PATCH', string, Body] => [`Upload-Offset ${JSON.stringify(n)}`, 'PATCH', mine, append({ 'upload-offset': n })]),
      ['an append longer than declared', 'PATCH', mine, append({}, Buffer.concat([bytes, Buffer.from('more')]))],
      ['an append to another device’s upload', 'PATCH', theirs, append({})],
      ['HEAD of another device’s upload', 'HEAD', theirs, { headers: { 'tus-resumable': '1.0.0' } }],
      ['DELETE of another device’s upload', 'DELETE', theirs, { headers: { 'tus-resumable': '1.0.0' } }],
      ...BAD_IDS.flatMap((id): [string, 'PATCH' | 'HEAD' | 'DELETE', string, Body][] => [
        [`append to ${id.slice(0, 30)}`, 'PATCH', `${TUS}/${id}`, append({})],
        [`HEAD of ${id.slice(0, 30)}`, 'HEAD', `${TUS}/${id}`, { headers: { 'tus-resumable': '1.0.0' } }],
        [`DELETE of ${id.slice(0, 30)}`, 'DELETE', `${TUS}/${id}`, { headers: { 'tus-resumable': '1.0.0' } }],
      ]),
    ];
    const failures: string[] = [];
    for (const [name, method, url, body] of cases) {
      // A header given as '' is left out (no Tus-Resumable, no Upload-Offset).
      const headers = Object.fromEntries(Object.entries(body.headers).filter(([, v]) => v !== ''));
      const a = await send(method, url, van, { ...body, headers });
      if (a.status < 400 || a.status >= 500) failures.push(`${name}: ${method} ${url.slice(0, 80)} → ${a.status} ${a.body.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
    expect([await offsetOf(mine), await offsetOf(theirs, other)]).toEqual(['0', '0']);
    expect(dataFiles()).toEqual(files);
    // A scan whose bytes do not match its hash is the one refusal the office records (routes.ts, verifyAndKeep).
    expect(await incidentCodes()).toEqual([...incidents, 'scan-hash-mismatch']);
    expect(changedTables(tables, await tableDigests(office.storage.db)).filter((t) => !t.startsWith('incidents:'))).toEqual([]);
  });
});
