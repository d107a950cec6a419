import { type FastifyInstance } from 'fastify';
import { revokeDevice } from '#server/admin/device-service.ts';
import { requirePermission } from './access.ts';
import { D } from './devices-text.ts';
import { beijingTime } from './format.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { flash } from './layout.ts';

/** The enrolled devices and their revocation, for the office administrator. */
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
<td>${d.revokedAt ? '' : html`<form class="inline" method="post" action="/office/devices/${encodeURIComponent(d.id)}/revoke"><button class="danger" type="submit">${D.revoke}</button></form>`}</td></tr>`);
    }
    const body = html`${flash(req.query)}<p>${D.intro}</p><table><thead><tr>${D.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(page(D.title, body, staff));
  });

  app.post<{ Params: { id: string } }>('/office/devices/:id/revoke', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'devices');
    if (!staff) return reply;
    const outcome = await revokeDevice(ctx, req.params.id, staff.id);
    const q = outcome === 'revoked' ? `msg=${encodeURIComponent(D.done)}` : `err=${encodeURIComponent(outcome === 'not-found' ? D.notFound : D.already)}`;
    return reply.redirect(`/office/devices?${q}`);
  });
}
