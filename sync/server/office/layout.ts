import { type IncomingHttpHeaders } from 'node:http';
import { html, raw, type Html } from './html.ts';
import { can } from './permissions.ts';
import { roleLabel, roleShortLabel } from './domain-adapter.ts';
import { T } from './office-text.ts';

/**
 * Plain, legible CSS: large targets for the kiosk, tables that print. No external assets (offline LAN). On a phone
 * a table wider than the screen scrolls in its own box (display:block), so the page itself is never wider than the
 * screen, and its cells keep a readable width (squeezed to the screen, Chinese broke one character a line); a field
 * is never wider than its box, nor a server-drawn chart (its SVG has a viewBox, so it scales).
 */
const CSS = raw(`
*{box-sizing:border-box}body{margin:0;font:16px/1.5 "Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;color:#1d2733;background:#f4f6f8}
header{background:#0b4f8a;color:#fff;padding:.5rem 1rem;display:flex;gap:.4rem .9rem;align-items:center;flex-wrap:wrap;font-size:.95rem}
header a{color:#fff;text-decoration:none;white-space:nowrap}header .brand{font-weight:700;font-size:1.1rem;margin-right:.3rem;white-space:nowrap}
header .who{margin-left:auto;font-size:.9rem;white-space:nowrap}header .who button{padding:.2rem .7rem;margin-left:.4rem}main{padding:1.2rem;max-width:1200px;margin:0 auto}
h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.4rem 0 .6rem}
table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:1rem}th,td{border:1px solid #d5dbe1;padding:.4rem .6rem;text-align:left;vertical-align:top}
th{background:#e9eef3;font-weight:600}tr.overdue td{background:#fdecea}.tag{display:inline-block;white-space:nowrap;padding:0 .5rem;border-radius:.6rem;font-size:.85rem;background:#e9eef3}
.tag.bad{background:#c62828;color:#fff}.tag.warn{background:#f9a825}.tag.ok{background:#2e7d32;color:#fff}
.flag{border:2px solid #c62828;background:#fdecea;padding:.8rem;margin:.8rem 0;font-weight:600}
.note{background:#fff8e1;border:1px solid #f9a825;padding:.6rem;margin:.6rem 0}.okbox{background:#e8f5e9;border:1px solid #2e7d32;padding:.6rem;margin:.6rem 0}
form.inline{display:inline}label{display:block;margin:.4rem 0 .1rem}input,select,textarea{font:inherit;padding:.4rem;border:1px solid #9aa7b4;border-radius:4px;min-width:16rem}
button,.button{font:inherit;padding:.45rem 1rem;border:0;border-radius:4px;background:#0b4f8a;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.danger{background:#c62828}button.secondary{background:#607d8b}.actions{display:flex;gap:1rem;flex-wrap:wrap;align-items:flex-end}
.actions form{background:#fff;border:1px solid #d5dbe1;padding:.8rem;border-radius:4px}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}
.card{background:#fff;border:1px solid #d5dbe1;border-radius:4px;padding:.8rem}a.card{display:block;color:inherit;text-decoration:none}a.card:hover{border-color:#1f5fa8}.big{font-size:2rem;font-weight:700}
.kiosk main{max-width:760px}.kiosk input{font-size:1.5rem;width:100%;padding:.8rem}.kiosk button{font-size:1.5rem;padding:.8rem 2rem;width:100%;margin-top:1rem}
.error{color:#c62828;font-weight:600}code{font-size:.85rem;word-break:break-all}
input,select,textarea{max-width:100%}figure[data-chart] svg{max-width:100%;height:auto}
@media (max-width:760px){main{padding:.8rem}table{display:block;overflow-x:auto;max-width:100%}th{white-space:nowrap}td{min-width:6rem}figure{margin:1rem 0}}
@media print{header,.actions,form{display:none}body{background:#fff}}
`);

export type Viewer = { name: string; roles: readonly string[]; csrf?: string } | null;

/** The field every state-changing form carries (checked by csrf-guard.ts). */
export const CSRF_FIELD = '_csrf';

/**
 * Puts the session's CSRF token into every POST form of a page. Done here, once, on our own markup, so no
 * form can be written without it.
 */
function withCsrf(markup: string, token: string | undefined): string {
  if (token === undefined) return markup;
  const field = html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`.text;
  return markup.replace(/<form\b[^>]*\bmethod="post"[^>]*>/g, (tag) => `${tag}${field}`);
}

/** A page of the office. `opts.nav` replaces the office's own links (the portals and the public market pages have theirs). */
export function page(title: string, body: Html | readonly Html[], viewer: Viewer, opts: { kiosk?: boolean; nav?: Html } = {}): string {
  const nav = opts.nav ?? (viewer
    ? html`<a href="/office/queues">${T.nav.queues}</a><a href="/office/dashboard">${T.nav.dashboard}</a><a href="/office/appointments">${T.nav.appointments}</a><a href="/office/trips">${T.nav.trips}</a><a href="/office/map">${T.nav.map}</a><a href="/office/archive">${T.nav.archive}</a>${can(viewer, 'market') ? html`<a href="/office/market">${T.nav.market}</a>` : ''}<a href="/office/promised-limits">${T.nav.promisedLimits}</a>${can(viewer, 'province') ? html`<a href="/office/province">${T.nav.province}</a>` : ''}${can(viewer, 'devices') ? html`<a href="/office/devices">${T.nav.devices}</a>` : ''}<span class="who" title="${viewer.roles.map(roleLabel).join('、')}">${T.nav.who(viewer.name, viewer.roles.map(roleShortLabel))}
<form class="inline" method="post" action="/office/logout"><button class="secondary" type="submit">${T.nav.logout}</button></form></span>`
    : html`<a href="/public/status">${T.nav.status}</a><a href="/public/guide">${T.nav.guide}</a>`);
  return `<!doctype html>${withCsrf(html`<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · ${T.brand}</title><style>${CSS}</style></head><body class="${opts.kiosk === true ? 'kiosk' : ''}">
<header><span class="brand">${T.brand}</span>${nav}</header><main><h1>${title}</h1>${body}</main></body></html>`.text, viewer?.csrf)}`;
}

type Notice = { msg?: string; err?: string; warn?: string };

/** A one-line outcome: an error, what was done with something to look at (a warning, in its own colours), or what was done. */
export function notice(q: Notice): Html {
  if (q.err) return html`<p class="flag">${q.err}</p>`;
  if (q.warn) return html`<p class="note" role="status"><strong>${T.warning}</strong>${q.warn}</p>`;
  if (q.msg) return html`<p class="okbox">${q.msg}</p>`;
  return html``;
}

/**
 * The outcome of the last form post, carried in its redirect's query (`?msg=`, `?warn=`, `?err=`), when the browser says the
 * request comes from the office's own pages (Fetch Metadata, W3C: `Sec-Fetch-Site: same-origin`, as after the
 * redirect from our own form). From anywhere else (a link in a message, another site, a typed address) the words
 * would stand on a staff or portal page as the office's own (`/office/cases/X?err=请致电…`), so they are not shown.
 * A client that sends no Fetch Metadata (an older browser, a script) is shown them, as before.
 */
export function noticeOf(req: { query: unknown; headers: IncomingHttpHeaders }): Notice {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return {};
  const q = (typeof req.query === 'object' && req.query !== null ? req.query : {}) as Record<string, unknown>;
  const text = (k: keyof Notice) => (typeof q[k] === 'string' ? { [k]: q[k] } : {});
  return { ...text('msg'), ...text('warn'), ...text('err') };
}

/** The outcome of the last form post (`noticeOf`), as the page shows it. */
export const flash = (req: { query: unknown; headers: IncomingHttpHeaders }): Html => notice(noticeOf(req));
