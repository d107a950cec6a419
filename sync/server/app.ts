import { EventEmitter } from 'node:events';
import { type Clock } from '#domain/clock.ts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { pino } from 'pino';
import { MAX_PUSH_BYTES, type ErrorBody } from '#protocol/messages.ts';
import { API_BASE, MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';
import { registerAdminRoutes } from '#server/admin/routes.ts';
import { createLoginService, type LoginOptions } from '#server/auth/login.ts';
import { passwordCost } from '#server/auth/password-cost.ts';
import { registerAuthRoutes } from '#server/auth/routes.ts';
import { createDrawPool } from '#server/office/drawing/draw-pool.ts';
import { type ProvinceOptions } from '#server/office/province/province-options.ts';
import { type OfficeContext } from '#server/context.ts';
import { domainEventRules, OFFICE_ADMIN_ROLES } from '#server/domain-rules.ts';
import { answerFailure, answerNotFound } from '#server/log/answer-failure.ts';
import { registerNulGuard } from '#server/nul-guard.ts';
import { newRequestId, OfficeLogController, officeLogFile, openOfficeLog } from '#server/log/office-log.ts';
import { registerScanRoutes } from '#server/scans/routes.ts';
import { registerSecurityHeaders } from '#server/security-headers.ts';
import { openSqliteStorage } from '#server/storage/open-storage.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { type EventRules } from '#server/sync/event-rules.ts';
import { ChangeHub } from '#server/sync/hub.ts';
import { registerSyncRoutes } from '#server/sync/routes.ts';
import { registerWipeRoutes } from '#server/sync/wipe-routes.ts';
import { registerUpdateRoutes } from '#server/updates/routes.ts';
import { routePathOf } from '#server/route-path.ts';
import { CARD_WAIT_MS } from '#server/office/stations/station-service.ts';

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- module augmentation needs an interface
  interface FastifyInstance {
    /** Shared office services for plugins: storage, change hub (SSE), domain rules, events. */
    office: OfficeContext;
  }
}

export type OfficeAppOptions = {
  /** The data folder: `office.sqlite` (WAL), `uploads/`, `scans/`, `backups/`. */
  dataDir: string;
  /** Defaults to SQLite in `dataDir`; pass another `OfficeStorage` (e.g. PostgreSQL) to replace it. */
  storage?: OfficeStorage;
  rules?: EventRules;
  /**
   * Extra Fastify plugins (the review / reconciliation / public pages in sync/server/office/). Each is
   * registered after the sync routes and reaches the shared services as `app.office` (OfficeContext):
   * `app.office.storage.writeOfficeDocuments(...)` then `app.office.hub.publish(collection, audience)`
   * to write office-authored documents (review events, unit snapshots) and wake the vans' streams;
   * `app.office.events.on('van-push' | 'scan-verified', ...)` to react to what vans send.
   * Routes under `/api/v1/sync|devices|scans` require the protocol header; others do not.
   */
  plugins?: readonly FastifyPluginAsync[];
  /**
   * The log file (pino JSON lines, one per request and per failure, each with its request id). Default
   * `<dataDir>/logs/office.log`; `false` for none.
   */
  logFile?: string | false;
  /** Defaults to the system clock. Every time the office records or compares comes from here. */
  clock?: Clock;
  /**
   * The reverse proxies whose `X-Forwarded-For` / `-Proto` / `-Host` the office believes (Fastify `trustProxy`:
   * addresses or CIDR ranges, e.g. `['127.0.0.1']`). Only then are clients behind one proxy told apart for
   * login throttling, and cookies marked `Secure` when the proxy says the client came over HTTPS. Default: none.
   */
  trustProxy?: string | readonly string[];
  /** Login checks (tests wrap the password check; limits default to LOGIN_LIMITS). */
  login?: LoginOptions;
  /** How long an unfinished scan upload is kept (default 24 hours: a van back online within a day resumes it). */
  uploadExpiryMs?: number;
  /** How long a reader station waits for a card to be placed, once asked (default 20 seconds). */
  stationCardWaitMs?: number;
  /**
   * The PBKDF2 iteration count of the password hashes and van keys the office makes (default and production:
   * 600,000; auth/password-cost.ts). Tests of other things than the hashing set it low.
   */
  passwordIterations?: number;
  /** Where the office sends the 接入 message of each 登簿 (`--province-url`); without it messages wait in the queue. */
  province?: ProvinceOptions;
  /** A county office's code, carried by the ids it mints (see OfficeContext); absent for the city office. */
  countyCode?: string;
  /** The area code the office's ids carry (see OfficeContext); a county office's defaults to its county code. */
  areaCode?: string;
};

/** How long a plugin may take to start before the office gives up (Fastify's `pluginTimeout`; its default is 10 s). */
const PLUGIN_START_MS = 120_000;

/** Paths on which the van's protocol version is enforced (the office web pages are not versioned). */
const VERSIONED = [`${API_BASE}/sync/`, `${API_BASE}/devices/`, `${API_BASE}/scans/`];

/**
 * Builds the office server (not listening yet). Close it with `app.close()`, which also closes the storage.
 * @throws when the data folder cannot be opened or migrated.
 */
export async function buildOfficeApp(opts: OfficeAppOptions): Promise<FastifyInstance> {
  const clock = opts.clock ?? { now: () => new Date() };
  const storage = opts.storage ?? openSqliteStorage(opts.dataDir, { clock });
  const logFile = opts.logFile ?? officeLogFile(opts.dataDir);
  // Without a file the office logs nowhere (pino at level silent), so every route logs the same way.
  const loggerInstance: FastifyBaseLogger = logFile === false ? pino({ level: 'silent' }) : openOfficeLog(logFile);
  const app = Fastify({
    loggerInstance,
    logController: new OfficeLogController(),
    genReqId: newRequestId,
    bodyLimit: MAX_PUSH_BYTES,
    forceCloseConnections: true,
    trustProxy: opts.trustProxy === undefined ? false : [...[opts.trustProxy].flat()],
    // Fastify gives up on a plugin whose start takes 10 s, taking it for one that never called `done`. Ours are
    // all async and their start reads the database (the office's records, the archive's listener), which a busy
    // server or database can hold up that long: the office would refuse to start. A plugin that truly hangs still
    // fails, after this long.
    pluginTimeout: PLUGIN_START_MS,
    // A URL Fastify cannot decode (`%E0%A4%A`) is answered by the office's handler, in Chinese, not Fastify's English.
    frameworkErrors: (error, req, reply) => {
      void answerFailure(error, req, reply);
    },
  });
  const closers: (() => void | Promise<void>)[] = [];
  const hub = new ChangeHub(storage.db);
  await hub.start();
  closers.push(() => hub.stop());
  const passwordIterations = passwordCost(opts.passwordIterations);
  const ctx: OfficeContext = {
    storage,
    hub,
    login: createLoginService({ storage, hub, clock, passwordIterations }, opts.login),
    passwordIterations,
    rules: opts.rules ?? domainEventRules,
    dataDir: opts.dataDir,
    uploadExpiryMs: opts.uploadExpiryMs ?? 24 * 3600_000,
    stationCardWaitMs: opts.stationCardWaitMs ?? CARD_WAIT_MS,
    clock,
    events: new EventEmitter(),
    province: opts.province ?? null,
    adminRoles: OFFICE_ADMIN_ROLES,
    drawing: createDrawPool(),
    countyCode: opts.countyCode ?? null,
    areaCode: opts.areaCode ?? opts.countyCode ?? null,
    onClose: (fn) => closers.push(fn),
  };
  app.decorate('office', ctx);
  registerSecurityHeaders(app);

  app.addHook('onRequest', (req, reply, done) => {
    // The route reached, not the URL sent: an encoded `/%61pi/v1/sync/…` is a sync route too (route-path.ts).
    const path = routePathOf(req);
    if (!VERSIONED.some((p) => path.startsWith(p))) return done();
    const raw = req.headers[PROTOCOL_HEADER];
    const version = typeof raw === 'string' ? Number(raw) : NaN;
    if (!Number.isInteger(version) || version < MIN_SUPPORTED_PROTOCOL_VERSION) {
      const body: ErrorBody = { code: 'protocol-too-old', message: `服务车软件版本过旧（协议 ${String(raw ?? '无')}），请升级到协议 ${PROTOCOL_VERSION}` };
      void reply.code(426).send(body);
      return;
    }
    done();
  });

  // The request id goes back with every answer, so a user can quote it and the log line be found.
  app.addHook('onSend', (req, reply, _payload, done) => {
    void reply.header('x-request-id', req.id);
    done();
  });
  app.setErrorHandler(answerFailure);
  app.setNotFoundHandler(answerNotFound);
  registerNulGuard(app);

  app.get(`${API_BASE}/health`, () => Promise.resolve({ ok: true, protocol: PROTOCOL_VERSION }));
  registerAuthRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerWipeRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  await registerScanRoutes(app, ctx);
  registerUpdateRoutes(app, ctx);
  for (const plugin of opts.plugins ?? []) await app.register(plugin);

  app.addHook('preClose', async () => {
    await Promise.allSettled(closers.splice(0).map(async (fn) => fn()));
  });
  // The drawing threads end after the closers (a report round in flight finishes its drawing), before the storage.
  app.addHook('onClose', (_instance, done) => {
    ctx.drawing.close().then(() => storage.close()).then(() => done(), done);
  });
  return app;
}
