import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type FastifyInstance, type FastifyReply, type RawServerDefault, type RouteGenericInterface, type RouteHandlerMethod } from 'fastify';
import { z } from 'zod';
import { STATUS_CATEGORIES, statusOn } from '#domain/map/building-status.ts';
import { decisionErrorText, tablesErrorText } from '#domain/map/map-text.ts';
import { API_BASE } from '#protocol/version.ts';
import { requirePermission } from '#server/office/access.ts';
import { todayInOffice } from '#server/office/today.ts';
import { DecisionRequest, QueryRequest, TablesRequest } from './map-contract.ts';
import { regionPdf, regionXlsx } from './map-export.ts';
import { MapIndex } from './map-index.ts';
import { M } from './map-page-text.ts';
import { registerMapPages } from './map-page.ts';
import { MapService, queryErrorText, type RegionResult } from './map-service.ts';
import { dbMapStore } from './db-map-store.ts';

const issueText = (e: z.ZodError): string => e.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；');
const BBox = z.string().transform((s, ctx) => {
  const n = s.split(',').map(Number);
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) {
    ctx.addIssue({ code: 'custom', message: 'bbox 应为 minLon,minLat,maxLon,maxLat' });
    return z.NEVER;
  }
  return n as [number, number, number, number];
});
/** A drawing request never returns more buildings than this; the page draws buildings only when zoomed in. */
const MAX_DRAWN = 20_000;
/** Where the map page reads its layers with the session cookie. */
export const PAGE_DATA = '/office/map/data';

/**
 * The answer to the page: counts, areas and amounts whole; each status's list, and the estimate's lists of
 * ids, cut to `listLimit` (the whole city would otherwise send every id twice; the exports carry them all).
 */
function answer(r: RegionResult, listLimit: number) {
  const lists = Object.fromEntries(STATUS_CATEGORIES.map((c) => [c, r.rows.filter((b) => b.category === c).slice(0, listLimit)]));
  const { rows: _rows, estimate, ...rest } = r;
  const cut = <L extends { ids: string[] }>(l: L): L => ({ ...l, ids: l.ids.slice(0, listLimit) });
  const e = estimate.ok ? { ...estimate, value: { ...estimate.value, compensable: cut(estimate.value.compensable), forSurvey: cut(estimate.value.forSurvey), illegal: cut(estimate.value.illegal), expiredTemporary: cut(estimate.value.expiredTemporary) } } : estimate;
  return { ...rest, estimate: e, lists };
}

/**
 * The map query (region counts, lists, estimate, exports), building status decisions and the cost tables,
 * at the office. Its storage is its own (`MapStore`) on the office's database.
 */
export function registerMapRoutes(app: FastifyInstance): MapService {
  const { storage } = app.office;
  const store = dbMapStore(app.office.storage.db);
  const index = new MapIndex(store);
  const service = new MapService(store, index);

  async function run(body: unknown, reply: FastifyReply): Promise<{ result: RegionResult; listLimit: number } | undefined> {
    const p = QueryRequest.safeParse(body);
    if (!p.success) {
      await reply.code(400).send({ code: 'malformed', message: M.errors.badRequest(issueText(p.error)) });
      return undefined;
    }
    const r = await service.query(p.data.region, p.data.day ?? todayInOffice(app.office.clock));
    if (!r.ok) {
      await reply.code(400).send({ code: r.error.code, message: queryErrorText(r.error) });
      return undefined;
    }
    return { result: r.value, listLimit: p.data.listLimit };
  }

  function layer<R extends RouteGenericInterface = RouteGenericInterface>(name: string, handler: RouteHandlerMethod<RawServerDefault, IncomingMessage, ServerResponse, R>): void {
    app.get<R>(`${API_BASE}/office/map/${name}`, handler);
    app.get<R>(`${PAGE_DATA}/${name}`, handler);
  }

  // Each layer is read by the JSON API (bearer token) and by the map page from PAGE_DATA (its session cookie:
  // the API takes no cookie).
  layer('districts', async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'map'))) return reply;
    await index.refresh();
    const districts = await store.districts();
    return { type: 'FeatureCollection', features: districts.map((d) => ({ type: 'Feature', id: d.code, properties: { name: d.name }, geometry: { type: 'Polygon', coordinates: d.polygon } })) };
  });

  layer('streets', async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'map'))) return reply;
    const streets = await store.streets();
    return { type: 'FeatureCollection', features: streets.map((s) => ({ type: 'Feature', id: s.id, properties: { name: s.name, streetClass: s.streetClass }, geometry: { type: 'LineString', coordinates: s.line } })) };
  });

  layer<{ Querystring: { bbox?: string; day?: string } }>('buildings', async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'map'))) return reply;
    const bbox = BBox.safeParse(req.query.bbox ?? '');
    const day = z.iso.date().optional().safeParse(req.query.day);
    if (!bbox.success || !day.success) return reply.code(400).send({ code: 'malformed', message: M.errors.badRequest(issueText((bbox.error ?? day.error) as z.ZodError)) });
    await index.refresh();
    const { entries, truncated } = index.inBBox(bbox.data, MAX_DRAWN);
    const on = day.data ?? todayInOffice(app.office.clock);
    return {
      type: 'FeatureCollection',
      truncated,
      features: entries.map((e) => ({ type: 'Feature', id: e.building.id, properties: { category: statusOn(e.decision, on), address: e.building.address }, geometry: { type: 'Polygon', coordinates: e.building.footprint } })),
    };
  });

  app.post(`${API_BASE}/office/map/query`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'map'))) return reply;
    const r = await run(req.body, reply);
    return r ? answer(r.result, r.listLimit) : reply;
  });

  app.get<{ Params: { id: string }; Querystring: { day?: string } }>(`${API_BASE}/office/map/buildings/:id`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'map'))) return reply;
    const day = z.iso.date().safeParse(req.query.day ?? todayInOffice(app.office.clock));
    if (!day.success) return reply.code(400).send({ code: 'malformed', message: M.errors.badRequest('day') });
    const b = await service.building(req.params.id, day.data);
    if (!b) return reply.code(404).send({ code: 'not-found', message: M.decision.unknown });
    const units = (await Promise.all(b.row.unitIds.map((id) => storage.getDocument('units', id)))).flatMap((d) => (d ? [d.body] : []));
    return { ...b, units };
  });

  app.post<{ Params: { id: string } }>(`${API_BASE}/office/map/buildings/:id/decisions`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'mapDecide');
    if (!staff) return reply;
    const p = DecisionRequest.safeParse(req.body);
    if (!p.success) return reply.code(400).send({ code: 'malformed', message: M.errors.badRequest(issueText(p.error)) });
    const r = await service.decide(req.params.id, p.data, staff.id, app.office.clock.now().toISOString());
    if (!r.ok) return reply.code(r.error === 'unknown-building' ? 404 : 400).send({ code: r.error, message: r.error === 'unknown-building' ? M.decision.unknown : decisionErrorText(r.error) });
    return reply.code(201).send(r.value);
  });

  // Exports are posted by a form on the page (field `query`: the same JSON as the query), so the browser downloads the file.
  for (const kind of ['pdf', 'xlsx'] as const) {
    app.post<{ Body: { query?: string } | undefined }>(`/office/map/export.${kind}`, async (req, reply) => {
      if (!(await requirePermission(storage, req, reply, 'map'))) return reply;
      let body: unknown;
      try {
        body = typeof req.body?.query === 'string' ? JSON.parse(req.body.query) : req.body;
      } catch {
        return reply.code(400).type('text/plain; charset=utf-8').send(M.errors.badRequest('query'));
      }
      const r = await run(body, reply);
      if (!r) return reply;
      const name = encodeURIComponent(`${M.pdfTitle(r.result.label || M.regionDrawn)}-${r.result.day}.${kind}`);
      void reply.header('content-disposition', `attachment; filename*=UTF-8''${name}`);
      if (kind === 'pdf') return reply.type('application/pdf').send(Buffer.from(await regionPdf(r.result, app.office.clock.now())));
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await regionXlsx(r.result));
    });
  }

  app.get(`${API_BASE}/office/map/tables`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'map'))) return reply;
    return { current: (await service.tables()) ?? null, history: await service.history() };
  });

  app.post(`${API_BASE}/office/map/tables`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'mapTables');
    if (!staff) return reply;
    const p = TablesRequest.safeParse(req.body);
    if (!p.success) return reply.code(400).send({ code: 'malformed', message: M.errors.badRequest(issueText(p.error)) });
    const r = await service.saveTables(p.data, staff, app.office.clock.now().toISOString());
    if (!r.ok) return reply.code(400).send({ code: r.error.code, message: r.error.code === 'bad-amount' ? M.tables.badAmount(r.error.field) : tablesErrorText(r.error) });
    return reply.code(201).send(r.value);
  });

  registerMapPages(app, service);
  return service;
}
