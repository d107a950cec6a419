import { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requirePermission } from '#server/office/access.ts';
import { html, type Html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { type StationService } from '#server/office/stations/station-service.ts';
import { STATION_TEXT } from '#server/office/stations/station-text.ts';
import { type MarketStores, type Org } from './market-store.ts';
import { OM } from './office-market-text.ts';

const HTML = 'text/html; charset=utf-8';
const NewStation = z.object({ name: z.string().trim().min(1).max(60) });

/**
 * The administration sets up a developer's sales-office readers: reader stations of the office bound to that
 * developer, so only its portal reads there. The token is shown once, as for the office's own stations; a station
 * is stopped on the office's 读卡终端 page like any other.
 */
export function registerSalesStationRoutes(app: FastifyInstance, d: { stores: MarketStores; stations: StationService; nav: Html }): void {
  const { storage } = app.office;
  const T = OM.stations;

  async function show(org: Org, notice: Html | string = '') {
    const mine = (await d.stations.list()).filter((s) => s.orgId === org.id);
    return html`${d.nav}<p>${T.intro}</p>${notice}
${mine.length === 0 ? html`<p class="note">${T.none}</p>` : html`<table data-testid="sales-stations"><thead><tr>${T.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${mine.map(
      (s) => html`<tr data-station="${s.id}"><td>${s.name}</td><td>${s.revokedAt ? STATION_TEXT.revoked : STATION_TEXT.active}</td><td>${s.revokedAt ? '' : html`<form class="inline" method="post" action="/office/stations/${s.id}/revoke"><button class="secondary" type="submit">${STATION_TEXT.revoke}</button></form>`}</td></tr>`,
    )}</tbody></table>`}
<form method="post" action="/office/market/orgs/${org.id}/stations" class="card search"><label>${T.name}<input name="name" maxlength="60" required></label><button type="submit">${T.add}</button></form>`;
  }

  app.get<{ Params: { id: string } }>('/office/market/orgs/:id/stations', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketAdmin');
    if (!staff) return reply;
    const org = await d.stores.table.org(req.params.id);
    if (org?.kind !== 'developer') return reply.code(404).type(HTML).send(page(OM.orgs.title, html`<p class="flag">${OM.orgs.notFound}</p>`, staff));
    return reply.type(HTML).send(page(T.title(org.name), await show(org), staff));
  });

  app.post<{ Params: { id: string } }>('/office/market/orgs/:id/stations', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'marketAdmin');
    if (!staff) return reply;
    const org = await d.stores.table.org(req.params.id);
    if (org?.kind !== 'developer') return reply.code(404).type(HTML).send(page(OM.orgs.title, html`<p class="flag">${OM.orgs.notFound}</p>`, staff));
    const f = NewStation.safeParse(req.body ?? {});
    if (!f.success) return reply.code(400).type(HTML).send(page(T.title(org.name), await show(org, html`<p class="flag">${STATION_TEXT.nameRequired}</p>`), staff));
    const made = await d.stations.create(f.data.name, 'counter', staff.id, org.id);
    const notice = html`<p class="okbox">${STATION_TEXT.added(made.station.name)}</p><p><code id="station-token">${made.token}</code></p>`;
    return reply.type(HTML).header('cache-control', 'no-store').send(page(T.title(org.name), await show(org, notice), staff));
  });
}
