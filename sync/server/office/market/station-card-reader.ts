import { type Clock } from '#domain/clock.ts';
import { type StationService } from '#server/office/stations/station-service.ts';
import { type CardReaderPort } from './card-reader-port.ts';

/** How long a portal page waits for the buyer to place their card on the sales office's reader. */
const READ_WAIT_MS = 30_000;

/**
 * The sales offices' card readers: reader stations of the office (an agent on the sales office's computer,
 * `npm run van -- station`) set up for the developer by the office's administration. A portal reads only at its
 * own organisation's stations; the card must be valid on the day it is read.
 */
export function stationCardReader(stations: StationService, clock: Clock): CardReaderPort {
  return {
    stationsOf: (orgId) => stations.active('counter', orgId),
    read: async (stationId, orgId, requestedBy) => {
      const r = await stations.readCard(stationId, 'counter', `portal:${requestedBy}`, READ_WAIT_MS, orgId);
      if (!r.ok) return { ok: false, message: r.message };
      return { ok: true, identity: { name: r.identity.name, idType: r.identity.idType, idNumber: r.identity.idNumber }, stationId, at: clock.now().toISOString() };
    },
  };
}
