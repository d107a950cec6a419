import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '#office/platform/db/sql.ts';
import { PORTAL_COOKIE } from '#server/office/market/portal-auth.ts';
import { SESSION_COOKIE } from '#server/office/session.ts';
import { freeUnit, Van } from '../office/scenario.ts';
import { type OfficeUnderTest, openOffice } from './route-kit.ts';

/**
 * A valid form with one field left blank or removed, and the page its answer leads to. malformed-input.test.ts
 * sends input of the wrong type, overlong or with NUL to every route; it did not send the form a page fills with
 * one field left empty, which is how a contract draft with no signing date was stored and then its page answered
 * 500. Here each signed-in caller's pages are read (from their home page, following their own links a bounded
 * number of pages), each `<form method="post">` on them is parsed as a browser fills it, and each is sent once
 * per field with that field blank, once per field with it left out, and once as filled (the control, last: it may
 * do what the button says, after which the variants would meet a changed record). The answer, and the page a
 * redirect leads to, must be below 500.
 */

type Caller = { name: string; cookie: string; home: string };
type Field = { name: string; value: string };
type Form = { caller: Caller; page: string; action: string; fields: Field[]; buttons: Field[] };

/** Office staff and the portals' users, as malformed-input.test.ts signs them in. */
const STAFF = ['admin', 'chenjing', 'wangfang', 'zhaolei'];
const PORTAL = ['jj-admin', 'jj-sales', 'jj-manager', 'ccb-credit', 'anju-agent', 'ct-survey'];
/** Pages read per caller, and forms kept per action pattern (ids replaced by :id). */
const PAGES_PER_CALLER = 150;
/** Pages read per caller of one page route (`/office/map/building/:id`): many records' pages are one page's code. */
const PAGES_PER_ROUTE = 3;
const FORMS_PER_PATTERN = 2;

/**
 * Links not followed: they end the session, or they are downloads and long polls rather than pages.
 */
const SKIP_LINK = /\/logout\b|\/export\.|\/assets\/|\/files\/|\/stream\b|\/reports\/[^/]+$|\.(pdf|csv|xlsx|zip|png|jpg|js|css)$/;
/**
 * Forms not sent: each ends the session, or takes away what the later forms need (a device, station or account
 * stopped, a permit revoked, a device wiped, a listing withdrawn), or needs a file (multipart: malformed-uploads
 * covers those) or a card at a station.
 */
const SKIP_FORM: [RegExp, string][] = [
  [/\/logout$/, 'ends the session'],
  [/\/revoke$/, 'revokes a device, station or permit the later forms use'],
  [/\/wipe$/, 'orders a device wiped'],
  [/\/abandon-unsynced$/, 'drops a device’s unsynced work'],
  [/\/accounts\/[^/]+\/active$/, 'stops a portal account (perhaps a signed-in caller’s)'],
  [/\/staff\/[^/]+\/(active|deactivate)$/, 'stops a staff account (perhaps a signed-in caller’s)'],
  [/\/withdraw$/, 'withdraws the listing or filing the later forms act on'],
  [/\/cancel$/, 'cancels the filing the later forms act on'],
  [/^\/kiosk\//, 'a kiosk station’s forms, which need a card read'],
  [/\/login$/, 'the login forms (a signed-in caller reading a login page): login.test.ts covers them, and failed logins count toward the throttle'],
];

/** Buttons not clicked: a card read waits for a station that never answers; discarding drops the draft the later forms edit. */
const UNSAFE_BUTTON = /^(read|discard|delete|remove|revoke|withdraw|cancel)/;

let office: OfficeUnderTest;
const callers: Caller[] = [];
const forms: Form[] = [];
/** Forms the answers to the controls showed: read with the next round's pages. */
const found: Form[] = [];
const pagesRead: string[] = [];
let submissions = 0;
/** Each control's answer, for the summary. */
const controls: string[] = [];
const failures: string[] = [];

const decode = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", apos: "'" })[e] ?? '');
const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? decode(m[1] ?? m[2] ?? m[3] ?? '') : undefined;
};
const has = (tag: string, name: string): boolean => new RegExp(`\\s${name}(?=[\\s>=/])`, 'i').test(tag);

/** The office's day (route-kit.ts's clock) and a valid ID number (a demo buyer's). */
const TODAY = '2026-12-02';
const ID_NUMBER = '230803198509211620';
/**
 * A value for a field the page leaves empty, as a person filling every box would type it: by its type, its name,
 * its bounds or its placeholder's example. The variants then blank or remove one field of a form that is
 * otherwise filled (a form left as the page shows it is refused at its first empty field, before the others are read).
 */
function plausible(name: string, type: string, tag: string): string {
  // The extra rows of a table of rows (a second buyer `b1_name`, a twentieth price `yuan_19`) stay empty, as people leave them.
  if (/^[a-z]+[1-9]\d*_|_[1-9]\d*$/.test(name)) return '';
  if (type === 'date') return attr(tag, 'min') ?? TODAY;
  if (type === 'month') return TODAY.slice(0, 7);
  if (type === 'number') return attr(tag, 'min') ?? '1';
  if (type === 'tel' || /phone/i.test(name)) return '13800138000';
  if (/idNumber|buyerId/i.test(name)) return ID_NUMBER;
  if (/password/i.test(name)) return 'blank-fields-Passw0rd!';
  if (/At$/.test(name)) return `${TODAY} 10:00`;
  if (/(On|date|Date)$/.test(name)) return TODAY;
  const example = /(?:例|如)[:：]?\s*([^，,；;）)\s]+)/.exec(attr(tag, 'placeholder') ?? '')?.[1];
  if (example) return example;
  if (/price|total|area|amount|cash|yuan|count|days|floor|rooms|halls|share|fen|payment|loan|instalments|block(First|Last|Width)/i.test(name)) return '1';
  return `测试${name}`;
}

/** The forms of a page as a browser fills them: its inputs' values, the selected options, the checked boxes. */
function formsOf(html: string, page: string, caller: Caller): Form[] {
  const out: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const tag = m[1] ?? '';
    const body = m[2] ?? '';
    if ((attr(tag, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    if ((attr(tag, 'enctype') ?? '').includes('multipart')) continue;
    const action = new URL(attr(tag, 'action') || page, 'http://office').pathname + (new URL(attr(tag, 'action') || page, 'http://office').search);
    const fields: Field[] = [];
    const buttons: Field[] = [];
    let disabledButtons = 0;
    let enabledButtons = 0;
    for (const c of body.matchAll(/<(input|button)\b([^>]*)>|<(select|textarea)\b([^>]*)>([\s\S]*?)<\/(?:select|textarea)>/gi)) {
      const kind = (c[1] ?? c[3] ?? '').toLowerCase();
      const t = c[2] ?? c[4] ?? '';
      const inner = c[5] ?? '';
      const name = attr(t, 'name');
      const type = (attr(t, 'type') ?? (kind === 'button' ? 'submit' : 'text')).toLowerCase();
      const isButton = kind === 'button' ? type === 'submit' : type === 'submit' || type === 'image';
      if (isButton && has(t, 'disabled')) disabledButtons++;
      if (isButton && !has(t, 'disabled')) enabledButtons++;
      if (!name || has(t, 'disabled')) continue;
      if (kind === 'button' || type === 'submit' || type === 'image') {
        if (kind !== 'button' || type === 'submit') buttons.push({ name, value: attr(t, 'value') ?? '' });
        continue;
      }
      if (kind === 'input') {
        if (type === 'file' || type === 'reset' || type === 'button') continue;
        if ((type === 'checkbox' || type === 'radio') && !has(t, 'checked')) continue;
        const value = attr(t, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
        fields.push({ name, value: value === '' && type !== 'hidden' && type !== 'checkbox' && type !== 'radio' ? plausible(name, type, t) : value });
      } else if (kind === 'textarea') {
        const value = decode(inner);
        fields.push({ name, value: value === '' ? plausible(name, 'text', t) : value });
      } else {
        const options = [...inner.matchAll(/<option\b([^>]*)>([^<]*)/gi)];
        const valueOf = (o: RegExpMatchArray): string => attr(o[1] ?? '', 'value') ?? decode((o[2] ?? '').trim());
        const selected = options.find((o) => has(o[1] ?? '', 'selected')) ?? options[0];
        // A required choice the page leaves on its empty option is made, as the browser demands: the first real one.
        const chosen = selected && valueOf(selected) === '' && has(t, 'required') ? (options.find((o) => valueOf(o) !== '') ?? selected) : selected;
        if (!chosen) continue;
        fields.push({ name, value: valueOf(chosen) });
      }
    }
    // A form whose every button is disabled until the page's script enables it (the map's export) is not sent as the page shows it.
    if (disabledButtons > 0 && enabledButtons === 0) continue;
    out.push({ caller, page, action, fields, buttons });
  }
  return out;
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The route an action posts to (`/office/trips/:id/return`), read from the router: forms are kept a few per route. */
function pattern(action: string): string {
  const path = action.replace(/\?.*$/, '');
  const route = office.callable().find((r) => r.method === 'POST' && new RegExp(`^${r.url.replace(/\./g, '\\.').replace(/:\w+/g, '[^/]+')}$`).test(path));
  return route?.url ?? path;
}

/** The page route an address opens (`/office/trips/:id`), read from the router. */
function getRoute(href: string): string {
  const path = href.replace(/\?.*$/, '');
  return office.callable().find((r) => r.method === 'GET' && new RegExp(`^${r.url.replace(/\./g, '\\.').replace(/:\w+/g, '[^/]+')}$`).test(path))?.url ?? path;
}

async function get(path: string, caller: Caller): Promise<{ status: number; body: string; location: string; html: boolean }> {
  const res = await office.app.inject({ method: 'GET', url: path, headers: { cookie: caller.cookie } });
  return { status: res.statusCode, body: res.body, location: String(res.headers.location ?? ''), html: String(res.headers['content-type'] ?? '').startsWith('text/html') };
}

/**
 * Besides the home page, each page of the caller's side (/office or /portal) with no id in its address, as the
 * router lists them (some are reached from a menu the pages' script draws, or by typing), and the pages that show
 * records only once searched, at an address made of a value the office stores (as malformed-input.test.ts reads them).
 */
function startPages(caller: Caller): string[] {
  const side = caller.home === '/office' ? /^\/office\// : /^\/portal\//;
  const plain = office.callable().filter((r) => r.method === 'GET' && side.test(r.url) && !/[:*]/.test(r.url) && !SKIP_LINK.test(r.url)).map((r) => r.url);
  return caller.home === '/office' ? [...plain, ...searched] : plain;
}
const searched: string[] = [];
async function searchPages(): Promise<void> {
  const first = async (q: ReturnType<typeof sql>): Promise<string | undefined> => (await office.storage.db.all<{ v: string }>(q))[0]?.v;
  const unit = await first(sql`SELECT unit_number AS v FROM archive_units ORDER BY unit_number`);
  if (unit) searched.push(`/office/archive?by=unit-number&value=${encodeURIComponent(unit)}`);
  for (const { v } of await office.storage.db.all<{ v: string }>(sql`SELECT contract_number AS v FROM market_filings WHERE status = 'active' ORDER BY contract_number LIMIT 2`)) searched.push(`/office/market/filings?q=${encodeURIComponent(v)}`);
  for (const { v } of await office.storage.db.all<{ v: string }>(sql`SELECT id AS v FROM map_buildings ORDER BY id LIMIT 2`)) searched.push(`/office/map/building/${encodeURIComponent(v)}`);
}

/** Reads a caller's pages breadth-first from their home page, keeping their forms and the 500s met on the way. */
async function crawl(caller: Caller): Promise<void> {
  const queue = [caller.home, ...startPages(caller)];
  const seen = new Set(queue);
  const perRoute = new Map<string, number>();
  let read = 0;
  while (queue.length > 0 && read < PAGES_PER_CALLER) {
    const path = queue.shift() ?? '';
    let page = await get(path, caller);
    let at = path;
    for (let hop = 0; hop < 3 && page.status >= 300 && page.status < 400 && page.location.startsWith('/'); hop++) {
      at = page.location;
      page = await get(at, caller);
    }
    read++;
    pagesRead.push(`${caller.name} ${at}`);
    if (page.status >= 500) failures.push(`GET ${at} as ${caller.name} (reading pages) → ${page.status}`);
    if (page.status !== 200 || !page.html) continue;
    forms.push(...formsOf(page.body, at, caller));
    for (const m of page.body.matchAll(/<a\b[^>]*\shref="([^"#]*)/gi)) {
      const href = decode(m[1] ?? '');
      if (!href.startsWith('/') || href.startsWith('//') || SKIP_LINK.test(href.replace(/\?.*$/, ''))) continue;
      if (seen.has(href)) continue;
      seen.add(href);
      const route = getRoute(href);
      const n = perRoute.get(route) ?? 0;
      if (n >= PAGES_PER_ROUTE) continue;
      perRoute.set(route, n + 1);
      queue.push(href);
    }
  }
}

/** Sends one variant of a form and follows its redirect; any answer of 500 or more is a failure. */
async function submit(form: Form, fields: Field[], what: string, control = false): Promise<void> {
  submissions++;
  const started = Date.now();
  const body = new URLSearchParams(fields.map((f): [string, string] => [f.name, f.value])).toString();
  const res = await office.app.inject({
    method: 'POST',
    url: form.action,
    headers: { cookie: form.caller.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body,
  });
  const where = `POST ${form.action} as ${form.caller.name} (form on ${form.page}) ${what}`;
  if (Date.now() - started > 5000) console.info(`blank-fields: ${where} took ${Date.now() - started} ms`);
  // A form the answer shows (a bank's lookup answers with the contract and its forms) is sent in the next round.
  if (control && res.statusCode === 200 && String(res.headers['content-type'] ?? '').startsWith('text/html')) found.push(...formsOf(res.body, form.action, form.caller));
  if (res.statusCode >= 500) {
    failures.push(`${where} → ${res.statusCode} ${res.body.slice(0, 160)}`);
    return;
  }
  let location = String(res.headers.location ?? '');
  if (control) controls.push(`  ${pattern(form.action)} as ${form.caller.name} → ${res.statusCode} ${safeDecode(location).slice(0, 120)}`);
  for (let hop = 0; hop < 3 && res.statusCode >= 300 && res.statusCode < 400 && location.startsWith('/'); hop++) {
    const next = await get(location, form.caller);
    if (next.status >= 500) {
      failures.push(`${where} → ${res.statusCode}, then GET ${location} → ${next.status} ${next.body.slice(0, 160)}`);
      return;
    }
    if (control && next.status === 200 && next.html) found.push(...formsOf(next.body, location, form.caller));
    if (next.status < 300 || next.status >= 400) return;
    location = next.location;
  }
}

/** A case the van accepted and synced, with its scan (as malformed-input.test.ts makes one): the case pages need one. */
async function acceptCase(): Promise<void> {
  const url = await office.app.listen({ port: 0, host: '127.0.0.1' });
  const at = { url, app: office.app, storage: office.storage, dataDir: office.dataDir, close: office.close };
  const van = await Van.enroll(at, 'blank-fields case van');
  await van.acceptCase(1, await freeUnit(at), { at: '2026-12-01T01:00:00.000Z' });
}

beforeAll(async () => {
  office = await openOffice('blank-fields');
  await acceptCase();
  for (const login of STAFF) callers.push({ name: login, cookie: `${SESSION_COOKIE}=${await office.staffSession(login)}`, home: '/office' });
  for (const login of PORTAL) callers.push({ name: login, cookie: `${PORTAL_COOKIE}=${await office.portalSession(login)}`, home: '/portal' });
  await searchPages();
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('a form with one field left blank or removed', () => {
  it('is answered below 500, and so is the page its answer redirects to', async () => {
    const kept = new Map<string, Form[]>();
    const skipped = new Set<string>();
    const sent: Form[] = [];
    // Up to three rounds, until one finds no form of a route not sent yet: each reading after the first finds the forms of what the first round's forms made (a developer's draft, an
    // agency's listing waiting for verification), and of the answers to its controls, and sends those of routes not sent yet.
    for (let round = 0; round < 3; round++) {
      forms.length = 0;
      forms.push(...found.splice(0));
      for (const c of callers) await crawl(c);
      const chosen: Form[] = [];
      const done = new Set(kept.keys());
      for (const f of forms) {
        const p = pattern(f.action);
        if (SKIP_FORM.some(([re]) => re.test(p))) {
          skipped.add(p);
          continue;
        }
        if (done.has(p)) continue;
        const same = kept.get(p) ?? [];
        // Distinct forms of a route: the same action with the same fields from two pages or callers counts once.
        if (same.length >= FORMS_PER_PATTERN || same.some((s) => s.action === f.action && s.fields.map((x) => x.name).join() === f.fields.map((x) => x.name).join())) continue;
        same.push(f);
        kept.set(p, same);
        chosen.push(f);
      }
      for (const form of chosen) {
        // The button a person clicks: not one that waits for a card at a station (30 s) or throws the record away.
        const safe = form.buttons.filter((b) => !UNSAFE_BUTTON.test(b.value));
        const all = [...form.fields, ...safe.slice(0, 1)];
        for (const [i, field] of form.fields.entries()) {
          if (field.name === '_csrf') continue;
          await submit(form, [...all.slice(0, i), { name: field.name, value: '' }, ...all.slice(i + 1)], `with ${field.name} blank`);
          await submit(form, [...all.slice(0, i), ...all.slice(i + 1)], `without ${field.name}`);
        }
        await submit(form, all, 'as the page fills it', true);
        for (const b of safe.slice(1)) await submit(form, [...form.fields, b], `as the page fills it, with ${b.name}=${b.value}`, true);
      }
      sent.push(...chosen);
      if (chosen.length === 0) break;
    }
    const summary = `${pagesRead.length} pages read, ${sent.length} forms sent (${kept.size} action patterns; skipped: ${[...skipped].join(', ')}), ${submissions} submissions`;
    console.info(`blank-fields: ${summary}\nthe controls' answers:\n${controls.join('\n')}`);
    expect(kept.size, summary).toBeGreaterThan(20);
    // The office of route-kit.ts keeps no log file: each failure shows the start of its 500 page.
    expect(failures, `${failures.length} answers of 500 or more:\n${failures.join('\n')}`).toEqual([]);
  }, 300_000);
});
