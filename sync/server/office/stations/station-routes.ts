import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_BASE } from '#protocol/version.ts';
import { StationPollAnswer, StationReadResult } from '#protocol/stations.ts';
import { requirePermission } from '#server/office/access.ts';
import { html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { type StationService } from './station-service.ts';
import { type Station } from './station-store.ts';
import { STATION_TEXT as S } from './station-text.ts';

const HTML = 'text/html; charset=utf-8';
const NewStation = z.object({ name: z.string().trim().min(1).max(60), kind: z.enum(['counter', 'kiosk']) });

function bearer(req: FastifyRequest): string {
  const h = req.headers.authorization;
  return typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7).trim() : '';
}

/**
 * The reader stations: the agent's API (its station token as a bearer token) and the administration's page and
 * API that set stations up. A token is shown once, when the station is made. The list names where each station
 * stands: the office, or the developer whose sales office it serves (`orgName`, from the market's organisations).
 */
export function registerStationRoutes(app: FastifyInstance, stations: StationService, orgName: (orgId: string) => Promise<string | undefined>): void {
  const { storage } = app.office;

  async function agent(req: FastifyRequest, reply: FastifyReply): Promise<Station | undefined> {
    const station = await stations.stationOf(bearer(req));
    if (!station) await reply.code(401).send({ code: 'unknown-station', message: S.failure.unknownStation });
    return station;
  }

  app.get(`${API_BASE}/stations/me`, async (req, reply) => {
    const station = await agent(req, reply);
    return station ? { id: station.id, name: station.name, kind: station.kind } : reply;
  });

  app.get(`${API_BASE}/stations/reads/next`, async (req, reply) => {
    const station = await agent(req, reply);
    if (!station) return reply;
    // The agent hung up (restarted, lost its link): stop holding the poll, so no read is taken for a gone agent.
    const gone = new AbortController();
    req.raw.on('close', () => gone.abort());
    const read = await stations.nextRead(station, gone.signal);
    if (gone.signal.aborted && read) {
      await stations.answer(station, read.requestId, { ok: false, code: 'station-offline', message: S.failure.offline });
      return reply;
    }
    return StationPollAnswer.parse({ read });
  });

  app.post<{ Params: { id: string } }>(`${API_BASE}/stations/reads/:id`, async (req, reply) => {
    const station = await agent(req, reply);
    if (!station) return reply;
    const result = StationReadResult.safeParse(req.body);
    if (!result.success) return reply.code(400).send({ code: 'malformed', message: '读卡结果格式不对。' });
    const taken = await stations.answer(station, req.params.id.slice(0, 80), result.data);
    return taken ? reply.code(204).send() : reply.code(409).send({ code: 'not-taken', message: '该读卡请求不属于本终端或已应答。' });
  });

  app.post(`${API_BASE}/office/stations`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'archiveAdmin');
    if (!staff) return reply;
    const f = NewStation.safeParse(req.body);
    if (!f.success) return reply.code(400).send({ code: 'malformed', message: S.nameRequired });
    return reply.code(201).send(await stations.create(f.data.name, f.data.kind, staff.id));
  });

  const listPage = async (staff: NonNullable<Awaited<ReturnType<typeof requirePermission>>>, notice: ReturnType<typeof html> | string = '') => {
    const all = await stations.list();
    const places = new Map<string, string>();
    for (const id of new Set(all.flatMap((s) => (s.orgId ? [s.orgId] : [])))) places.set(id, S.salesOffice((await orgName(id)) ?? id));
    return page(S.title, html`<p>${S.intro}</p>${notice}
${all.length === 0 ? html`<p class="note" id="no-stations">${S.none}</p>` : html`<table id="stations"><thead><tr><th>${S.name}</th><th>${S.kind}</th><th>${S.place}</th><th></th></tr></thead><tbody>${all.map(
      (s) => html`<tr data-station="${s.id}"><td>${s.name}</td><td>${S.kinds[s.kind]}</td><td class="station-place">${s.orgId ? (places.get(s.orgId) ?? '') : S.office}</td><td>${s.revokedAt ? S.revoked : html`${S.active} <form class="inline" method="post" action="/office/stations/${s.id}/revoke"><button class="secondary" type="submit">${S.revoke}</button></form>`}</td></tr>`,
    )}</tbody></table>`}
<form method="post" action="/office/stations" class="card"><label for="station-name">${S.name}</label><input id="station-name" name="name" maxlength="60" required>
<label for="station-kind">${S.kind}</label><select id="station-kind" name="kind">${Object.entries(S.kinds).map(([k, v]) => html`<option value="${k}">${v}</option>`)}</select>
<p><button type="submit">${S.add}</button></p></form>`, staff);
  };

  app.get('/office/stations', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'archiveAdmin');
    return staff ? reply.type(HTML).send(await listPage(staff)) : reply;
  });

  app.post('/office/stations', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'archiveAdmin');
    if (!staff) return reply;
    const f = NewStation.safeParse(req.body);
    if (!f.success) return reply.code(400).type(HTML).send(await listPage(staff, html`<p class="flag">${S.nameRequired}</p>`));
    const made = await stations.create(f.data.name, f.data.kind, staff.id);
    return reply.type(HTML).header('cache-control', 'no-store').send(await listPage(staff, html`<p class="okbox">${S.added(made.station.name)}</p><p><code id="station-token">${made.token}</code></p>`));
  });

  app.post<{ Params: { id: string } }>('/office/stations/:id/revoke', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'archiveAdmin');
    if (!staff) return reply;
    await stations.revoke(req.params.id);
    return reply.redirect('/office/stations');
  });
}
