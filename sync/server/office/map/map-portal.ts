import { type FastifyInstance } from 'fastify';
import { type PortalAuth } from '#server/office/market/portal-auth.ts';
import { portalPage } from '#server/office/market/portal-pages.ts';
import { todayInOffice } from '#server/office/today.ts';
import { M } from './map-page-text.ts';
import { mapPageBody } from './map-page.ts';
import { type MapParts, registerMapReads } from './map-reads.ts';

const BASE = '/portal/builder/map';

/**
 * The map query for 拆迁、开发、建设单位 (a portal kind of their own, accounts kept by the unit's administrator): the same
 * map, region query and exports as the office's page, behind the portal's sign-in, and nothing else: no building
 * panel, no decisions, no cost tables, no other office page (their session is not an office session).
 */
export function registerMapPortal(app: FastifyInstance, parts: MapParts, auth: PortalAuth): void {
  app.get('/portal/builder', async (req, reply) => ((await auth.require(req, reply, 'builder')) ? reply.redirect(BASE) : reply));

  app.get(BASE, async (req, reply) => {
    const user = await auth.require(req, reply, 'builder', 'regionQuery');
    if (!user) return reply;
    const body = mapPageBody({ base: BASE, districts: await parts.service.districts(), today: todayInOffice(app.office.clock), tablesLink: false, panel: false });
    return reply.type('text/html; charset=utf-8').send(portalPage(M.title, body, user));
  });

  registerMapReads(app, parts, BASE, async (req, reply) => (await auth.require(req, reply, 'builder', 'regionQuery')) !== undefined);
}
