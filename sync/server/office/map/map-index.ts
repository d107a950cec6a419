import Flatbush from 'flatbush';
import { type BBox, lengthInsideM, localPlane, pointInPolygon, ringBBox, ringCentroid, type LocalPlane, type Polygon, type Position } from '#domain/map/geometry.ts';
import { type StreetClass } from '#domain/map/compensation.ts';
import { type Building, type District, type Street } from './layer.ts';
import { type MapStore, type StoredDecision } from './map-store.ts';

export type Entry = { building: Building; centroid: Position; decision: StoredDecision };

/** The geometry of one layer version, indexed: never changed once built (a new import builds a new one). */
type Snapshot = {
  version: number;
  entries: Entry[];
  byId: Map<string, Entry>;
  tree: Flatbush | null;
  streets: Street[];
  streetTree: Flatbush | null;
  districts: Map<string, District>;
  plane: LocalPlane;
};

function build(version: number, buildings: Building[], decisions: StoredDecision[], streets: Street[], districts: District[]): Snapshot {
  const latest = new Map<string, StoredDecision>();
  for (const d of decisions) latest.set(d.buildingId, d);
  const entries: Entry[] = [];
  for (const b of buildings) {
    const decision = latest.get(b.id);
    if (decision) entries.push({ building: b, centroid: ringCentroid(b.footprint[0] ?? []), decision });
  }
  // Kept in id order, so a query's hits come out in id order by sorting their positions (numbers), not their ids.
  entries.sort((a, b) => (a.building.id < b.building.id ? -1 : a.building.id > b.building.id ? 1 : 0));
  const tree = entries.length > 0 ? new Flatbush(entries.length) : null;
  for (const e of entries) {
    const [x0, y0, x1, y1] = ringBBox(e.building.footprint[0] ?? []);
    tree?.add(x0, y0, x1, y1);
  }
  tree?.finish();
  const streetTree = streets.length > 0 ? new Flatbush(streets.length) : null;
  for (const s of streets) {
    const [x0, y0, x1, y1] = ringBBox(s.line);
    streetTree?.add(x0, y0, x1, y1);
  }
  streetTree?.finish();
  const lat0 = entries.length > 0 ? entries.reduce((s, e) => s + e.centroid[1], 0) / entries.length : 46.8;
  return { version, entries, byId: new Map(entries.map((e) => [e.building.id, e])), tree, streets, streetTree, districts: new Map(districts.map((d) => [d.code, d])), plane: localPlane(lat0) };
}

/**
 * The office's in-memory spatial index of the building layer: a packed R-tree (flatbush) over building
 * footprints and streets, then exact tests on the candidates. A query touches only the tree nodes and
 * buildings near the region, never the whole layer. Before each query the index catches up with the store:
 * new status decisions by their sequence number (so several office servers on one database agree), and a
 * new layer import by rebuilding.
 */
export class MapIndex {
  private snapshot: Snapshot = build(0, [], [], [], []);
  private lastSeq = 0;
  private catchingUp: Promise<void> | null = null;

  constructor(private readonly store: MapStore) {}

  /** Brings the index up to date with the store (one small read when nothing changed). */
  async refresh(): Promise<void> {
    this.catchingUp ??= this.catchUp().finally(() => {
      this.catchingUp = null;
    });
    return this.catchingUp;
  }

  private async catchUp(): Promise<void> {
    const version = await this.store.layerVersion();
    if (version !== this.snapshot.version) {
      const [buildings, decisions, streets, districts] = await Promise.all([this.store.buildings(), this.store.decisionsAfter(0), this.store.streets(), this.store.districts()]);
      this.snapshot = build(version, buildings, decisions, streets, districts);
      this.lastSeq = decisions.reduce((m, d) => Math.max(m, d.seq), 0);
      return;
    }
    for (const d of await this.store.decisionsAfter(this.lastSeq)) {
      const e = this.snapshot.byId.get(d.buildingId);
      if (e && d.seq > e.decision.seq) e.decision = d;
      this.lastSeq = Math.max(this.lastSeq, d.seq);
    }
  }

  get plane(): LocalPlane {
    return this.snapshot.plane;
  }

  district(code: string): District | undefined {
    return this.snapshot.districts.get(code);
  }

  entry(id: string): Entry | undefined {
    return this.snapshot.byId.get(id);
  }

  /** Buildings located in the region (their footprint's centroid lies inside it), in id order. */
  inPolygon(polygon: Polygon): Entry[] {
    const { tree, entries } = this.snapshot;
    if (!tree) return [];
    const [x0, y0, x1, y1] = ringBBox(polygon[0] ?? []);
    const hits = Int32Array.from(tree.search(x0, y0, x1, y1)).sort();
    const inside: Entry[] = [];
    for (const i of hits) {
      const e = entries[i] as Entry;
      if (pointInPolygon(e.centroid, polygon)) inside.push(e);
    }
    return inside;
  }

  /** Buildings whose footprint box meets `bbox` (for drawing the visible part of the map), at most `limit`. */
  inBBox(bbox: BBox, limit: number): { entries: Entry[]; truncated: boolean } {
    const { tree, entries } = this.snapshot;
    if (!tree) return { entries: [], truncated: false };
    const hits = tree.search(bbox[0], bbox[1], bbox[2], bbox[3]);
    return { entries: hits.slice(0, limit).map((i) => entries[i] as Entry), truncated: hits.length > limit };
  }

  /** Metres of each street class inside the region. */
  streetsIn(polygon: Polygon): { streetClass: StreetClass; metres: number }[] {
    const { streetTree, streets, plane } = this.snapshot;
    if (!streetTree) return [];
    const [x0, y0, x1, y1] = ringBBox(polygon[0] ?? []);
    return streetTree.search(x0, y0, x1, y1).map((i) => {
      const s = streets[i] as Street;
      return { streetClass: s.streetClass, metres: lengthInsideM(s.line, polygon, plane) };
    });
  }
}
