import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { statusOn } from '#domain/map/building-status.ts';
import { STREET_CLASSES } from '#domain/map/compensation.ts';
import { STREET_CLASS_TEXT } from '#domain/map/map-text.ts';
import { fieldLabel, type FormParse, parseForm } from '#domain/forms/form-issues.ts';
import { html } from '#server/office/html.ts';
import { todayInOffice } from '#server/office/today.ts';
import { QueryRequest } from './map-contract.ts';
import { regionPdf, regionXlsx } from './map-export.ts';
import { type MapIndex } from './map-index.ts';
import { M } from './map-page-text.ts';
import { resultFragment } from './map-result.ts';
import { queryErrorText, type MapService, type RegionResult } from './map-service.ts';
import { type MapStore } from './map-store.ts';

const label = fieldLabel;
const B = M.building;
const T = M.tables;
/** Each field of the map's forms and requests (map-contract.ts), by its label on the map's pages. */
const FIELD_NAMES: Record<string, string> = {
  region: M.fields.region, 'region.ring': M.fields.ring, 'region.code': M.district, day: label(M.day), listLimit: M.fields.listLimit, bbox: M.fields.bbox, query: M.fields.query,
  status: B.status, decidedBy: label(B.decidedBy), decidedOn: B.decidedOn, basis: label(B.basis), approvedUntil: label(B.approvedUntil),
  unitValues: label(T.unitValues), 'unitValues.zone': T.zone, 'unitValues.use': T.use, 'unitValues.yuanPerM2': label(T.yuanPerM2),
  relocationYuanPerM2: label(T.relocation), interimYuanPerM2Month: label(T.interim), interimMonths: T.months, pipeYuanPerMetre: label(T.pipe),
  ...Object.fromEntries(STREET_CLASSES.map((c) => [`pipeYuanPerMetre.${c}`, `${label(T.pipe)}（${STREET_CLASS_TEXT[c]}）`])),
  note: label(T.note),
};

/**
 * A map form or request read by its schema, or what is wrong with it in the words of its pages (zod's own are
 * English and name fields by their code).
 */
export const parseMapForm = <S extends z.ZodType>(schema: S, input: unknown): FormParse<z.output<S>> => parseForm(schema, input, FIELD_NAMES, M.issues);
/** One field's issue where no schema parsed it (the export form's query that is no JSON). */
const wrongField = (field: string) => `${FIELD_NAMES[field] ?? field}：${M.issues.wrong}`;

const BBox = z.string().transform((s, ctx) => {
  const n = s.split(',').map(Number);
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) {
    ctx.addIssue({ code: 'custom', message: M.issues.bbox });
    return z.NEVER;
  }
  return n as [number, number, number, number];
});
const BuildingsRequest = z.object({ bbox: BBox, day: z.iso.date().optional() });
/** A day asked of a building's status; today when none. */
export const DayQuery = z.object({ day: z.iso.date().optional() });
/** A drawing request never returns more buildings than this; the page draws buildings only when zoomed in. */
const MAX_DRAWN = 20_000;

export type MapParts = { service: MapService; index: MapIndex; store: MapStore };
/** Whether the request may read the map; when not, the reply has been sent (a login redirect, a 403). */
export type MapAllow = (req: FastifyRequest, reply: FastifyReply) => Promise<boolean>;
type BuildingsQuery = { Querystring: { bbox?: string; day?: string } };

/** The map's layers as GeoJSON, shared by the JSON API and the pages' data routes. */
export function mapLayers(app: FastifyInstance, { index, store }: MapParts) {
  return {
    districts: async () => {
      await index.refresh();
      const districts = await store.districts();
      return { type: 'FeatureCollection', features: districts.map((d) => ({ type: 'Feature', id: d.code, properties: { name: d.name }, geometry: { type: 'Polygon', coordinates: d.polygon } })) };
    },
    streets: async () => {
      const streets = await store.streets();
      return { type: 'FeatureCollection', features: streets.map((s) => ({ type: 'Feature', id: s.id, properties: { name: s.name, streetClass: s.streetClass }, geometry: { type: 'LineString', coordinates: s.line } })) };
    },
    buildings: async (req: FastifyRequest<BuildingsQuery>, reply: FastifyReply) => {
      const q = parseMapForm(BuildingsRequest, { bbox: req.query.bbox ?? '', day: req.query.day });
      if (!q.ok) return reply.code(400).send({ code: 'malformed', message: M.errors.badRequest(q.message) });
      await index.refresh();
      const { entries, truncated } = index.inBBox(q.data.bbox, MAX_DRAWN);
      const on = q.data.day ?? todayInOffice(app.office.clock);
      return {
        type: 'FeatureCollection',
        truncated,
        features: entries.map((e) => ({ type: 'Feature', id: e.building.id, properties: { category: statusOn(e.decision, on), address: e.building.address }, geometry: { type: 'Polygon', coordinates: e.building.footprint } })),
      };
    },
  };
}

/** Runs the region query a request asks for; on a bad request the reply is sent and undefined returned. */
export async function runQuery(app: FastifyInstance, service: MapService, body: unknown, reply: FastifyReply): Promise<{ result: RegionResult; listLimit: number } | undefined> {
  const p = parseMapForm(QueryRequest, body);
  if (!p.ok) {
    await reply.code(400).send({ code: 'malformed', message: M.errors.badRequest(p.message) });
    return undefined;
  }
  const r = await service.query(p.data.region, p.data.day ?? todayInOffice(app.office.clock));
  if (!r.ok) {
    await reply.code(400).send({ code: r.error.code, message: queryErrorText(r.error) });
    return undefined;
  }
  return { result: r.value, listLimit: p.data.listLimit };
}

/**
 * What a page of the map reads, under `prefix`: its layers (`/data/…`), the region's answer as a fragment
 * (`/result`) and the exports (`/export.pdf`, `/export.xlsx`, posted by a form so the browser downloads them).
 * The office page and the 拆迁、开发、建设单位 portal each mount it, behind their own sign-in.
 */
export function registerMapReads(app: FastifyInstance, parts: MapParts, prefix: string, allow: MapAllow): void {
  const layers = mapLayers(app, parts);
  app.get(`${prefix}/data/districts`, async (req, reply) => ((await allow(req, reply)) ? layers.districts() : reply));
  app.get(`${prefix}/data/streets`, async (req, reply) => ((await allow(req, reply)) ? layers.streets() : reply));
  app.get<BuildingsQuery>(`${prefix}/data/buildings`, async (req, reply) => ((await allow(req, reply)) ? layers.buildings(req, reply) : reply));

  app.post(`${prefix}/result`, async (req, reply) => {
    if (!(await allow(req, reply))) return reply;
    const p = parseMapForm(QueryRequest, req.body);
    if (!p.ok) return reply.code(400).type('text/html; charset=utf-8').send(html`<p class="flag">${M.errors.badRequest(p.message)}</p>`.text);
    const r = await parts.service.query(p.data.region, p.data.day ?? todayInOffice(app.office.clock));
    if (!r.ok) return reply.code(400).type('text/html; charset=utf-8').send(html`<p class="flag">${queryErrorText(r.error)}</p>`.text);
    return reply.type('text/html; charset=utf-8').send(resultFragment(r.value).text);
  });

  for (const kind of ['pdf', 'xlsx'] as const) {
    app.post<{ Body: { query?: string } | undefined }>(`${prefix}/export.${kind}`, async (req, reply) => {
      if (!(await allow(req, reply))) return reply;
      let body: unknown;
      try {
        body = typeof req.body?.query === 'string' ? JSON.parse(req.body.query) : req.body;
      } catch {
        return reply.code(400).type('text/plain; charset=utf-8').send(M.errors.badRequest(wrongField('query')));
      }
      const r = await runQuery(app, parts.service, body, reply);
      if (!r) return reply;
      const name = encodeURIComponent(`${M.pdfTitle(r.result.label || M.regionDrawn)}-${r.result.day}.${kind}`);
      void reply.header('content-disposition', `attachment; filename*=UTF-8''${name}`);
      if (kind === 'pdf') return reply.type('application/pdf').send(Buffer.from(await regionPdf(r.result, app.office.clock.now())));
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await regionXlsx(r.result));
    });
  }
}
