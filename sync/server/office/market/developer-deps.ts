import { type Actor } from '#domain/market/filing.ts';
import { type CardReaderPort } from './card-reader-port.ts';
import { type FilingService } from './filing-service.ts';
import { type MarketStores } from './market-store.ts';
import { type PortalAuth, type PortalUser } from './portal-auth.ts';
import { type PublicMarketService } from './public-market-service.ts';

/** What the developer portal's route modules share (one file, so they do not import each other). */
export type DeveloperDeps = { auth: PortalAuth; stores: MarketStores; filings: FilingService; pub: PublicMarketService; reader: CardReaderPort };

export const actorOf = (u: PortalUser): Actor => ({ kind: u.kind === 'bank' ? 'bank' : 'developer', id: u.accountId, name: u.name, orgId: u.orgId, orgName: u.orgName });
