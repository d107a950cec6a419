import { type FastifyInstance } from 'fastify';
import { registerAgencyRoutes } from './agency-routes.ts';
import { registerBankRoutes } from './bank-routes.ts';
import { BuildingTableService } from './building-table-service.ts';
import { registerDeveloperRoutes } from './developer-routes.ts';
import { FilingService } from './filing-service.ts';
import { ListingService } from './listing-service.ts';
import { registerListingsPages } from './listings-pages.ts';
import { type MarketStores } from './market-store.ts';
import { MarketWorker } from './market-worker.ts';
import { registerOfficeReviewRoutes } from './office-review-routes.ts';
import { registerOfficeTableRoutes } from './office-table-routes.ts';
import { registerOwnerRoutes } from './owner-routes.ts';
import { registerMarketInfoPage } from './market-info-page.ts';
import { registerAccountRoutes } from './portal-accounts.ts';
import { PortalAuth, registerPortalCsrfGuard } from './portal-auth.ts';
import { registerPortalLogin } from './portal-pages.ts';
import { PublicMarketService } from './public-market-service.ts';
import { type RegisterPort } from './register-port.ts';
import { registerSalesTablePages } from './sales-table-page.ts';
import { registerScreenPage } from './screen-page.ts';
import { dbMarketStores } from './db-market-store.ts';
import { LoginThrottle } from '#server/auth/login-throttle.ts';
import { stationCardReader } from './station-card-reader.ts';
import { dbStationStore } from '#server/office/stations/db-station-store.ts';
import { StationService } from '#server/office/stations/station-service.ts';

export type Market = { stores: MarketStores; filings: FilingService; listings: ListingService; pub: PublicMarketService; worker: MarketWorker; auth: PortalAuth };

/**
 * Contract filing and the trading market at the office: the public sales tables, listings and hall screen,
 * the developer, bank and agency portals, the owner's own listing form, and the office's pages for the
 * building table, listing verification and filings. Its storage is its own, on the office's database; the unit register it
 * reads and writes is the archive's, through `register`; ID cards at sales offices are read at the developers' own reader stations.
 */
export async function registerMarketRoutes(app: FastifyInstance, register: RegisterPort): Promise<Market> {
  const stores = dbMarketStores(app.office.storage.db);
  const clock = app.office.clock;
  // The sales offices' readers are reader stations of the office's; their agents are served by the station routes.
  const stations = new StationService(dbStationStore(app.office.storage.db), app.office.storage.db, clock, app.office.areaCode, app.office.stationCardWaitMs);
  await stations.start();
  app.office.onClose(() => stations.stop());
  const reader = stationCardReader(stations, clock);
  const ref: { worker?: MarketWorker } = {};
  const wake = () => void ref.worker?.tick();
  const listings = new ListingService(stores, register, clock, undefined, app.office.areaCode);
  const filings = new FilingService(stores, register, clock, wake, app.office.areaCode);
  const worker = new MarketWorker(stores, register, filings, listings, clock);
  ref.worker = worker;
  const pub = new PublicMarketService(stores, register, clock);
  const auth = new PortalAuth(stores, new LoginThrottle(app.office.storage.db, 'portal', undefined, () => clock.now().getTime()), clock, app.office.passwordIterations);
  const table = new BuildingTableService(stores, clock, wake, app.office.areaCode);
  worker.start();
  // The office closes its database once a round of the worker in flight has finished with it.
  app.office.onClose(() => worker.stop());
  registerPortalCsrfGuard(app);
  registerSalesTablePages(app, pub);
  registerListingsPages(app, pub);
  registerScreenPage(app, pub);
  registerMarketInfoPage(app);
  registerPortalLogin(app, auth);
  registerDeveloperRoutes(app, { auth, stores, filings, pub, reader });
  registerBankRoutes(app, { auth, stores, filings });
  registerAccountRoutes(app, { auth, stores });
  registerAgencyRoutes(app, { auth, stores, listings });
  registerOwnerRoutes(app, listings);
  registerOfficeTableRoutes(app, { stores, table, pub, stations });
  registerOfficeReviewRoutes(app, { stores, listings, filings });
  return { stores, filings, listings, pub, worker, auth };
}
