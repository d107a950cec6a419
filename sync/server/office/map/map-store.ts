import { type StatusDecision } from '#domain/map/building-status.ts';
import { type CostTables } from '#domain/map/compensation.ts';
import { type Building, type District, type MapLayer, type Parcel, type Street } from './layer.ts';

/** A status decision as stored: who recorded it at the office, and when. */
export type StoredDecision = StatusDecision & { seq: number; buildingId: string; recordedBy: string; recordedAt: string };
export type TablesVersion = { version: number; tables: CostTables; changedBy: string; changedByName: string; changedAt: string; note: string };

/**
 * The map's storage port: the building layer, the status decisions and the cost tables. Its adapter,
 * `db-map-store.ts`, runs on the office database port (SQLite or PostgreSQL). Every method is atomic on its own.
 */
export type MapStore = {
  /** Stores a whole layer with one decision per building, in one transaction; refused when a layer is already stored. */
  importLayer(layer: MapLayer, source: string, by: string, at: string): Promise<boolean>;
  /** The id of the latest import (0 when empty): a changed id means the geometry changed. */
  layerVersion(): Promise<number>;
  districts(): Promise<District[]>;
  parcels(): Promise<Parcel[]>;
  buildings(): Promise<Building[]>;
  building(id: string): Promise<Building | undefined>;
  streets(): Promise<Street[]>;
  /** Decisions with `seq` above `after`, oldest first (all of them from 0). */
  decisionsAfter(after: number): Promise<StoredDecision[]>;
  decisionsOf(buildingId: string): Promise<StoredDecision[]>;
  recordDecision(buildingId: string, d: StatusDecision, by: string, at: string): Promise<StoredDecision>;
  costTables(): Promise<TablesVersion | undefined>;
  costTableHistory(limit: number): Promise<TablesVersion[]>;
  saveCostTables(tables: CostTables, by: string, byName: string, at: string, note: string): Promise<TablesVersion>;
  close(): void;
};
