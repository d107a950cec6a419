import { type FastifyInstance } from 'fastify';
import { FilingService } from './filing-service.ts';
import { ListingService } from './listing-service.ts';
import { registerListingsPages } from './listings-pages.ts';
import { MarketWorker } from './market-worker.ts';
import { PublicMarketService } from './public-market-service.ts';
import { type RegisterPort } from './register-port.ts';
import { registerSalesTablePages } from './sales-table-page.ts';
import { registerScreenPage } from './screen-page.ts';
import { openSqliteMarketStores } from './sqlite-market-store.ts';

export type Market = { filings: FilingService; listings: ListingService; pub: PublicMarketService; worker: MarketWorker };

/**
 * Contract filing and the trading market at the office: the public sales tables, listings and hall screen,
 * the office's own pages, and the developer, bank and agency portals. Its storage is its own (SQLite here,
 * over the office's data folder); the unit register it reads and writes is the archive's, through `register`.
 */
export function registerMarketRoutes(app: FastifyInstance, register: RegisterPort): Market {
  const stores = openSqliteMarketStores(app.office.dataDir);
  const clock = app.office.clock;
  const listings = new ListingService(stores, register, clock);
  const ref: { worker?: MarketWorker } = {};
  const filings = new FilingService(stores, register, clock, () => void ref.worker?.tick());
  const worker = new MarketWorker(stores, register, filings, listings, clock);
  ref.worker = worker;
  const pub = new PublicMarketService(stores, register, clock);
  worker.start();
  app.office.onClose(() => {
    // The stores close once a round of the worker in flight has finished with them.
    worker.stop().then(
      () => stores.close(),
      () => stores.close(),
    );
  });
  registerSalesTablePages(app, pub);
  registerListingsPages(app, pub);
  registerScreenPage(app, pub);
  return { filings, listings, pub, worker };
}
