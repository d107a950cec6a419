import { type IdDocumentType } from '#domain/case/events.ts';

/** What a card read gives the contract: the holder's name and number, as the card carries them. */
export type CardIdentity = { name: string; idType: IdDocumentType; idNumber: string };

export type CardReadOutcome = { ok: true; identity: CardIdentity; stationId: string; at: string } | { ok: false; message: string };

/**
 * How a portal page gets an ID card read at a sales office. A browser page cannot reach a serial reader on
 * its own, and an identity typed into a form proves nothing; so the reader is driven by a station agent on the
 * sales office's computer, which holds the station's token and connects out to the office, and the office
 * asks it for a read. The identity the contract records then comes from the card, vouched for by the station.
 */
export type CardReaderPort = {
  /** The stations an organisation may read at (its sales offices). */
  stationsOf(orgId: string): Promise<{ id: string; name: string }[]>;
  /** Asks the station for the card placed on it and waits for the answer, or for a clear failure. */
  read(stationId: string, orgId: string, requestedBy: string): Promise<CardReadOutcome>;
};
