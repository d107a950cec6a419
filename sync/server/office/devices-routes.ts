import { type FastifyInstance } from 'fastify';
import { abandonUnsynced, orderDeviceWipe, revokeDevice } from '#server/admin/device-service.ts';
import { answerButton } from '#server/bundles/bundle-routes.ts';
import { type Device } from '#server/storage/storage.ts';
import { requirePermission } from './access.ts';
import { D } from './devices-text.ts';
import { beijingTime } from './format.ts';
import { html, type Html } from './html.ts';
import { page } from './layout.ts';
import { flash } from './layout.ts';

/** A required tick box: the page runs no script (CSP), so an irreversible action is confirmed in the form itself. */
const confirmed = (action: string, label: string, confirm: string): Html =>
  html`<form class="inline" method="post" action="${action}"><label><input type="checkbox" name="confirm" value="yes" required> ${confirm}</label> <button class="danger" type="submit">${label}</button></form>`;

function wipeCell(d: Device): Html {
  const w = d.wipe;
  if (!w) return html`${D.none}`;
  if (w.erasedAt) return html`<span class="tag bad" data-wipe="erased">${D.wiped(beijingTime(w.erasedAt))}</span>`;
  const r = w.lastReport;
  const at = beijingTime(w.lastReportAt);
  const report = r ? html`<br><span data-wipe="report">${r.locked ? D.wipeLocked(at) : D.wipeWaiting(at, r.pendingDocuments, r.quarantined, r.unverifiedScans)}</span>` : html``;
  const abandoned = w.abandonedAt ? html`<br>${D.wipeAbandoned(beijingTime(w.abandonedAt))}` : html``;
  return html`<span class="tag warn" data-wipe="ordered">${D.wipeOrdered(beijingTime(w.orderedAt))}</span>${report}${abandoned}`;
}

function actions(d: Device): Html {
  const id = encodeURIComponent(d.id);
  const revoke = d.revokedAt ? html`` : html`<form class="inline" method="post" action="/office/devices/${id}/revoke"><button class="danger" type="submit">${D.revoke}</button></form>`;
  const wipe = d.wipe ? html`` : confirmed(`/office/devices/${id}/wipe`, D.wipe, D.wipeConfirm);
  const abandon = d.wipe && !d.wipe.abandonedAt && !d.wipe.erasedAt ? confirmed(`/office/devices/${id}/abandon-unsynced`, D.abandon, D.abandonConfirm) : html``;
  const bundle = d.revokedAt || d.wipe ? html`` : answerButton(d.id);
  return html`${revoke}${wipe}${abandon}${bundle}`;
}

/** The enrolled devices, their revocation and the remote wipe of a lost one, for the office administrator. */
export function registerDeviceRoutes(app: FastifyInstance): void {
  const ctx = app.office;
  const { storage } = ctx;

  app.get<{ Querystring: { msg?: string; err?: string } }>('/office/devices', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'devices');
    if (!staff) return reply;
    const rows = [];
    for (const d of await storage.listDevices()) {
      const chain = await storage.chainStatus(d.id);
      rows.push(html`<tr data-device="${d.id}"><td><code>${d.id}</code></td><td>${d.name}</td><td>${d.vanId}</td><td>${beijingTime(d.enrolledAt)}</td><td>${beijingTime(d.lastSeenAt)}</td>
<td>${D.chain[chain.state]}</td><td>${d.revokedAt ? html`<span class="tag bad">${D.revoked(beijingTime(d.revokedAt))}</span>` : html`<span class="tag ok">${D.active}</span>`}</td>
<td>${wipeCell(d)}</td><td>${actions(d)}</td></tr>`);
    }
    const body = html`${flash(req)}<p>${D.intro}</p><p>${D.wipeIntro}</p><p><a href="/office/bundles">${D.bundles}</a></p><table><thead><tr>${D.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(page(D.title, body, staff));
  });

  const back = (ok: boolean, text: string) => `/office/devices?${ok ? 'msg' : 'err'}=${encodeURIComponent(text)}`;

  app.post<{ Params: { id: string } }>('/office/devices/:id/revoke', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'devices');
    if (!staff) return reply;
    const outcome = await revokeDevice(ctx, req.params.id, staff.id);
    return reply.redirect(outcome === 'revoked' ? back(true, D.done) : back(false, outcome === 'not-found' ? D.notFound : D.already));
  });

  app.post<{ Params: { id: string }; Body: { confirm?: string } }>('/office/devices/:id/wipe', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'devices');
    if (!staff) return reply;
    if (req.body?.confirm !== 'yes') return reply.redirect(back(false, D.wipeConfirm));
    const outcome = await orderDeviceWipe(ctx, req.params.id, staff.id);
    return reply.redirect(outcome === 'ordered' ? back(true, D.wipeDone) : back(false, outcome === 'not-found' ? D.notFound : D.wipeAlready));
  });

  app.post<{ Params: { id: string }; Body: { confirm?: string } }>('/office/devices/:id/abandon-unsynced', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'devices');
    if (!staff) return reply;
    if (req.body?.confirm !== 'yes') return reply.redirect(back(false, D.abandonConfirm));
    const outcome = await abandonUnsynced(ctx, req.params.id, staff.id);
    return reply.redirect(outcome === 'abandoned' ? back(true, D.abandonDone) : back(false, outcome === 'not-found' ? D.notFound : D.abandonRefused));
  });
}
