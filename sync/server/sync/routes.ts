import { type FastifyInstance } from 'fastify';
import { parseForm } from '#domain/forms/form-issues.ts';
import { isSyncCollection, type SyncCollection } from '#protocol/collections.ts';
import { API_BASE, PROTOCOL_HEADER } from '#protocol/version.ts';
import { DeviceReport, PullQuery, PushRequest, SnapshotRefreshRequest, type SnapshotRefreshResponse } from '#protocol/messages.ts';
import { refuse, requireDevice } from '#server/auth/guards.ts';
import { type OfficeContext } from '#server/context.ts';
import { SYNC_REQUEST_TEXT as T } from './request-text.ts';
import { pushFromDevice } from './push-service.ts';
import { takeOutbox } from './outbox.ts';
import { CASE_ORDER_PROTOCOL, CaseOrder } from './case-order.ts';
import { outboxRows } from './outbox-envelope.ts';
import { refreshTripSnapshots, tripsToRefresh } from './unit-snapshots.ts';
import { ensureRunForLatestTrip, grantReceiptRun } from './receipt-grants.ts';
import { z } from 'zod';

const GrantRequest = z.object({ tripId: z.string().min(1).max(100) });

const HEARTBEAT_MS = 20_000;
/** The protocol version from which a van pushes through the outbox. */
const OUTBOX_PROTOCOL = 16;

/** The per-collection replication endpoints (docs/sync-protocol.md) and the device report. */
export function registerSyncRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  const { storage, hub } = ctx;

  const collectionOf = (raw: string): SyncCollection | undefined => (isSyncCollection(raw) ? raw : undefined);

  app.get<{ Params: { collection: string }; Querystring: Record<string, string> }>(
    `${API_BASE}/sync/:collection/pull`,
    async (req, reply) => {
      const device = await requireDevice(storage, req, reply);
      if (!device) return reply;
      const collection = collectionOf(req.params.collection);
      if (!collection) return refuse(reply, 404, 'not-found', `没有名为 ${req.params.collection} 的同步集合`);
      const query = parseForm(PullQuery, req.query, T.pullFields, T.issues);
      if (!query.ok) return refuse(reply, 400, 'malformed', T.pullInvalid(query.message));
      // Pulling the trip is when a device gets its own run of the trip's receipt numbers (receipt-grants.ts).
      if (collection === 'trips' || collection === 'tripLedger') await ensureRunForLatestTrip(ctx, device);
      // A van that pushes through the outbox (protocol 16) knows what it wrote: it is not sent its own documents back.
      const page = await storage.pull(collection, query.data.checkpoint, query.data.limit, {
        kind: 'device',
        deviceId: device.id,
        vanId: device.vanId,
        ...(Number(req.headers[PROTOCOL_HEADER]) >= OUTBOX_PROTOCOL ? { withoutOwn: true } : {}),
      });
      return reply.send(page);
    },
  );

  app.post<{ Params: { collection: string } }>(`${API_BASE}/sync/:collection/push`, async (req, reply) => {
    const device = await requireDevice(storage, req, reply, { duringWipe: true });
    if (!device) return reply;
    const collection = collectionOf(req.params.collection);
    if (!collection) return refuse(reply, 404, 'not-found', `没有名为 ${req.params.collection} 的同步集合`);
    const parsed = parseForm(PushRequest, req.body, T.pushFields, T.issues);
    if (!parsed.ok) return refuse(reply, 400, 'malformed', T.pushInvalid(parsed.message));
    const outcome = await pushFromDevice(ctx, device, collection, parsed.data);
    if (!outcome.ok) return refuse(reply, outcome.status, 'rejected', `办公室拒收 ${outcome.rejections.length} 条记录，整批未保存`, { rejected: outcome.rejections });
    // Immutable documents never conflict: a retry of stored content succeeds, other content is refused above.
    return reply.send([]);
  });

  // The van's own documents in the order it wrote them, answered one by one (outbox.ts).
  app.post(`${API_BASE}/sync/outbox`, async (req, reply) => {
    const device = await requireDevice(storage, req, reply, { duringWipe: true });
    if (!device) return reply;
    const parsed = outboxRows(req.body);
    if (!parsed.ok) return refuse(reply, 400, 'malformed', T.pushInvalid(parsed.message));
    const order = Number(req.headers[PROTOCOL_HEADER]) >= CASE_ORDER_PROTOCOL ? await CaseOrder.of(ctx, device) : undefined;
    return reply.send({ results: await takeOutbox(ctx, device, parsed.rows, order) });
  });

  app.get<{ Params: { collection: string } }>(`${API_BASE}/sync/:collection/stream`, async (req, reply) => {
    const device = await requireDevice(storage, req, reply);
    if (!device) return reply;
    const collection = collectionOf(req.params.collection);
    if (!collection) return refuse(reply, 404, 'not-found', `没有名为 ${req.params.collection} 的同步集合`);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send = () => res.write('data: "RESYNC"\n\n');
    // Every (re)connect starts with RESYNC: whatever was missed while disconnected is pulled from the checkpoint.
    send();
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const unsubscribe = hub.subscribe({
      collection,
      deviceId: device.id,
      vanId: device.vanId,
      send,
      close: () => {
        clearInterval(heartbeat);
        res.end();
      },
    });
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    req.raw.on('close', close);
    ctx.onClose(() => {
      close();
      res.end();
    });
  });

  /** More receipt numbers for a device whose run is running out, while it is online. */
  app.post(`${API_BASE}/devices/me/receipt-grants`, async (req, reply) => {
    const device = await requireDevice(storage, req, reply);
    if (!device) return reply;
    const body = parseForm(GrantRequest, req.body, T.grantFields, T.issues);
    if (!body.ok) return refuse(reply, 400, 'malformed', T.grantInvalid(body.message));
    const out = await grantReceiptRun(ctx, device, body.data.tripId, false);
    if (!out.ok) return refuse(reply, out.status, out.status === 404 ? 'not-found' : 'conflict', out.message);
    return reply.code(201).send({ first: out.grant?.first ?? null, last: out.grant?.last ?? null });
  });

  app.post(`${API_BASE}/devices/me/report`, async (req, reply) => {
    const device = await requireDevice(storage, req, reply, { duringWipe: true });
    if (!device) return reply;
    const report = parseForm(DeviceReport, req.body, T.reportFields, T.issues);
    if (!report.ok) return refuse(reply, 400, 'malformed', T.reportInvalid(report.message));
    await storage.touchDevice(device.id, ctx.clock.now().toISOString(), report.data);
    return reply.send(await storage.chainStatus(device.id));
  });

  // Before a trip (拉取行程): fresh unit snapshots for the van's trips, pulled afterwards like any office write.
  app.post(`${API_BASE}/devices/me/unit-snapshots`, async (req, reply) => {
    const device = await requireDevice(storage, req, reply);
    if (!device) return reply;
    const body = parseForm(SnapshotRefreshRequest, req.body ?? {}, T.snapshotsFields, T.issues);
    if (!body.ok) return refuse(reply, 400, 'malformed', T.snapshotsInvalid(body.message));
    const trips = await tripsToRefresh(ctx, device, body.data.tripIds);
    if (!Array.isArray(trips)) return refuse(reply, 403, 'forbidden', `出车任务 ${trips.notOwn} 不是本车的任务`);
    const out: SnapshotRefreshResponse = { trips: [] };
    for (const trip of trips) out.trips.push(await refreshTripSnapshots(ctx, trip));
    return reply.send(out);
  });
}
