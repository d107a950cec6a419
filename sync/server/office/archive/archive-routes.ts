import multipart from '@fastify/multipart';
import { type FastifyInstance } from 'fastify';
import { JIAMUSI_CITY_AREA } from '#domain/units/service-area.ts';
import { type Clock } from '#domain/clock.ts';
import { createLogger } from '#office/platform/logger.ts';
import { QueryService } from './query-service.ts';
import { registerQueryRoutes } from './query-routes.ts';
import { type ProvinceReport, RegisterService } from './register-service.ts';
import { registerRegisterRoutes } from './register-routes.ts';
import { dbQueryStore } from './db-query-store.ts';
import { type RegisterStore } from './register-store.ts';
import { dbRegisterStore } from './db-register-store.ts';
import { fillAddressKeys } from './address-keys.ts';
import { PageImages } from './page-images.ts';
import { dbPageStore } from './db-page-store.ts';
import { ViewerService } from './viewer-service.ts';
import { registerViewerRoutes } from './viewer-routes.ts';
import { registerBuildingRoutes } from './building-routes.ts';
import { registerImportRoutes } from './import-routes.ts';
import { LegacyImporter } from './legacy-import.ts';
import { dbImportStore } from './db-import-store.ts';
import { registerKioskRoutes } from './kiosk-routes.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { filingSlots } from '#server/office/market/filing-slots.ts';
import { dbStationStore } from '#server/office/stations/db-station-store.ts';
import { StationService } from '#server/office/stations/station-service.ts';
import { registerStationRoutes } from '#server/office/stations/station-routes.ts';

const log = createLogger('archive');

/** How often the archive reads new case events, lets seizure periods run out and works its outbox. */
const TICK_MS = 1000;

/**
 * The archive (电子档案) at the office: the unit register, court seizures, lawful queries and the archive viewer.
 * Its storage is its own (`RegisterStore`, `QueryStore`, `PageStore`) on the office's database. Registered by the
 * office plugin; `watch` lets another system of the office (the market) hear of every change made through the store,
 * and `province` reports every 登簿 to the province platform.
 */
export async function registerArchiveRoutes(
  app: FastifyInstance,
  clock: Clock = app.office.clock,
  watch: (store: RegisterStore) => RegisterStore = (store) => store,
  province: ((store: RegisterStore) => ProvinceReport) | null = null,
): Promise<RegisterService> {
  // Uploads (legacy files, page scans, a certificate to verify) arrive as multipart forms.
  if (!app.hasContentTypeParser('multipart/form-data')) await app.register(multipart);
  const { db } = app.office.storage;
  const keyed = await fillAddressKeys(db);
  if (keyed > 0) log.info({ units: keyed }, 'address sort keys filled for units stored before them');
  const watched = watch(dbRegisterStore(db));
  // Each 登簿's 接入 message is queued from the archive's outbox, written with the 登簿's entries.
  const register = new RegisterService(app.office, watched, clock, province?.(watched) ?? null);
  let closing = false;
  const tick = () => {
    if (!closing) register.tick().catch((error: unknown) => log.error({ err: error }, 'archive round failed; retried next round'));
  };
  const timer = setInterval(tick, TICK_MS);
  tick();
  app.office.onClose(() => {
    closing = true;
    clearInterval(timer);
    // The office closes its database after this; the round in flight (if any) finishes first.
    return register.idle();
  });
  // The register page shows the unit's filing as the filing system holds it (its tables on the same database).
  registerRegisterRoutes(app, register, filingSlots(dbMarketStores(db).filings));
  registerBuildingRoutes(app, register);
  const imports = dbImportStore(db);
  const importer = new LegacyImporter(register.store, imports, clock, undefined, app.office.areaCode);
  // An import the web started is written in the background; closing stops it between batches, to resume when sent again.
  app.office.onClose(() => importer.stop());
  registerImportRoutes(app, importer, imports);
  const queries = new QueryService(register, dbQueryStore(db), clock, JIAMUSI_CITY_AREA.officeName, app.office.areaCode);
  const stations = new StationService(dbStationStore(db), db, clock, app.office.areaCode, app.office.stationCardWaitMs);
  await stations.start();
  app.office.onClose(() => stations.stop());
  const market = dbMarketStores(db);
  registerStationRoutes(app, stations, async (orgId) => (await market.table.org(orgId))?.name);
  registerQueryRoutes(app, {
    service: queries,
    stations: () => stations.active('counter'),
    readCard: (stationId, staffId) => stations.readCard(stationId, 'counter', staffId),
    cardIdentity: (requestId, staffId) => stations.identityOf(requestId, staffId),
  });
  registerKioskRoutes(app, stations, queries);
  const archiveDir = `${app.office.dataDir}/archive`;
  const pages = new PageImages(`${archiveDir}/renders`);
  registerViewerRoutes(app, new ViewerService(app.office, register.store, dbPageStore(db), pages, clock, `${archiveDir}/files`));
  return register;
}
