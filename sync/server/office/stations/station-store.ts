import { type StationCard } from '#protocol/stations.ts';

/** Told on every server when a read is asked of a station (`station:<id>`) or answered (`read:<id>`). */
export const STATION_CHANNEL = 'reader_stations';

export type StationKind = 'counter' | 'kiosk';

/** `orgId`: the organisation whose sales office the station stands in (its portal alone reads there); null for the office's own. */
export type Station = { id: string; name: string; kind: StationKind; orgId: string | null; createdAt: string; createdBy: string; revokedAt: string | null };

export type StationRead = {
  id: string;
  stationId: string;
  requestedBy: string;
  requestedAt: string;
  state: 'pending' | 'taken' | 'done' | 'failed';
  /** When an agent took it; null while pending. */
  takenAt: string | null;
  card: StationCard | null;
  failure: { code: string; message: string } | null;
};

/**
 * The reader stations' storage port (tables of migration 0015_reader-stations.sql); the adapter over the office
 * database is `db-station-store.ts`. Each method is atomic on its own.
 */
export type StationStore = {
  add(station: Omit<Station, 'revokedAt'>, tokenHash: string): Promise<void>;
  list(): Promise<Station[]>;
  byToken(tokenHash: string): Promise<Station | undefined>;
  revoke(id: string, at: string): Promise<boolean>;
  request(read: Pick<StationRead, 'id' | 'stationId' | 'requestedBy' | 'requestedAt'>): Promise<void>;
  /** Takes the oldest pending read of the station asked at or after `since` (older ones lapse), marking it taken. */
  take(stationId: string, since: string, at: string): Promise<StationRead | undefined>;
  /** Records what a taken read gave; false when the read is not the station's or not taken (answered twice). */
  finish(id: string, stationId: string, at: string, outcome: { card: StationCard } | { failure: { code: string; message: string } }): Promise<boolean>;
  read(id: string): Promise<StationRead | undefined>;
};
