import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { STATUS_CATEGORIES } from '#domain/map/building-status.ts';
import { decisionErrorText, tablesErrorText } from '#domain/map/map-text.ts';
import { API_BASE } from '#protocol/version.ts';
import { requirePermission } from '#server/office/access.ts';
import { todayInOffice } from '#server/office/today.ts';
import { DecisionRequest, TablesRequest } from './map-contract.ts';
import { MapIndex } from './map-index.ts';
import { M } from './map-page-text.ts';
import { registerMapPages } from './map-page.ts';
import { DayQuery, mapLayers, parseMapForm, type MapParts, runQuery } from './map-reads.ts';
import { MapService, type RegionResult } from './map-service.ts';
import { dbMapStore } from './db-map-store.ts';

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
 * The map query's JSON API (layers, region counts, lists, estimate), building status decisions and the cost
 * tables, and the office's map pages. Its storage is its own (`MapStore`) on the office's database.
 */
export function registerMapRoutes(app: FastifyInstance): MapParts {
  const { storage } = app.office;
  const store = dbMapStore(app.office.storage.db);
  const index = new MapIndex(store);
  const service = new MapService(store, index);

  const parts = { service, index, store };
  const layers = mapLayers(app, parts);
  const allowed = async (req: FastifyRequest, reply: FastifyReply) => (await requirePermission(storage, req, reply, 'map')) !== undefined;
  app.get(`${API_BASE}/office/map/districts`, async (req, reply) => ((await allowed(req, reply)) ? layers.districts() : reply));
  app.get(`${API_BASE}/office/map/streets`, async (req, reply) => ((await allowed(req, reply)) ? layers.streets() : reply));
  app.get<{ Querystring: { bbox?: string; day?: string } }>(`${API_BASE}/office/map/buildings`, async (req, reply) => ((await allowed(req, reply)) ? layers.buildings(req, reply) : reply));

  app.post(`${API_BASE}/office/map/query`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'map'))) return reply;
    const r = await runQuery(app, service, req.body, reply);
    return r ? answer(r.result, r.listLimit) : reply;
  });

  app.get<{ Params: { id: string }; Querystring: { day?: string } }>(`${API_BASE}/office/map/buildings/:id`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'map'))) return reply;
    const q = parseMapForm(DayQuery, req.query);
    if (!q.ok) return reply.code(400).send({ code: 'malformed', message: M.errors.badRequest(q.message) });
    const b = await service.building(req.params.id, q.data.day ?? todayInOffice(app.office.clock));
    if (!b) return reply.code(404).send({ code: 'not-found', message: M.decision.unknown });
    const units = (await Promise.all(b.row.unitIds.map((id) => storage.getDocument('units', id)))).flatMap((d) => (d ? [d.body] : []));
    return { ...b, units };
  });

  app.post<{ Params: { id: string } }>(`${API_BASE}/office/map/buildings/:id/decisions`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'mapDecide');
    if (!staff) return reply;
    const p = parseMapForm(DecisionRequest, req.body);
    if (!p.ok) return reply.code(400).send({ code: 'malformed', message: M.errors.badRequest(p.message) });
    const r = await service.decide(req.params.id, p.data, staff.id, app.office.clock.now().toISOString());
    if (!r.ok) return reply.code(r.error === 'unknown-building' ? 404 : 400).send({ code: r.error, message: r.error === 'unknown-building' ? M.decision.unknown : decisionErrorText(r.error) });
    return reply.code(201).send(r.value);
  });

  app.get(`${API_BASE}/office/map/tables`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'map'))) return reply;
    return { current: (await service.tables()) ?? null, history: await service.history() };
  });

  app.post(`${API_BASE}/office/map/tables`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'mapTables');
    if (!staff) return reply;
    const p = parseMapForm(TablesRequest, req.body);
    if (!p.ok) return reply.code(400).send({ code: 'malformed', message: M.errors.badRequest(p.message) });
    const r = await service.saveTables(p.data, staff, app.office.clock.now().toISOString());
    if (!r.ok) return reply.code(400).send({ code: r.error.code, message: r.error.code === 'bad-amount' ? M.tables.badAmount(r.error.field) : tablesErrorText(r.error) });
    return reply.code(201).send(r.value);
  });

  registerMapPages(app, parts);
  return parts;
}
