import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BUILDING_STATUSES, checkDecision, type StatusDecision } from '#domain/map/building-status.ts';
import { STREET_CLASSES, type StreetClass } from '#domain/map/compensation.ts';
import { type LineString, type Polygon } from '#domain/map/geometry.ts';
import { BUILDING_USES, areaFromM2, type BuildingUse } from '#domain/map/region-summary.ts';

/**
 * The building layer as GeoJSON files (RFC 7946): districts, parcels, buildings and streets, each a
 * FeatureCollection. Every file is checked whole before anything is stored, so a bad file changes nothing.
 */
const Lon = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);
const PositionSchema = z.tuple([Lon, Lat]);
const RingSchema = z.array(PositionSchema).min(4).refine((r) => r[0]?.[0] === r[r.length - 1]?.[0] && r[0]?.[1] === r[r.length - 1]?.[1], '环首尾坐标须相同');
const PolygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(RingSchema).min(1) });
const LineSchema = z.object({ type: z.literal('LineString'), coordinates: z.array(PositionSchema).min(2) });
const Day = z.iso.date();
const Id = z.string().min(1).max(40);

const collection = <P extends z.ZodType, G extends z.ZodType>(properties: P, geometry: G) =>
  z.object({
    type: z.literal('FeatureCollection'),
    referenceDay: Day.optional(),
    features: z.array(z.object({ type: z.literal('Feature'), id: Id, properties, geometry })),
  });

const DistrictFile = collection(z.object({ name: z.string().min(1).max(40) }), PolygonSchema);
const ParcelFile = collection(z.object({ districtCode: z.string().regex(/^\d{6}$/), zone: z.string().min(1).max(20) }), PolygonSchema);
const DecisionSchema = z.object({
  status: z.enum(BUILDING_STATUSES),
  decidedBy: z.string().min(1).max(100),
  decidedOn: Day,
  basis: z.string().min(1).max(200),
  approvedUntil: Day.nullable(),
});
const BuildingFile = collection(
  z.object({
    parcelId: Id,
    districtCode: z.string().regex(/^\d{6}$/),
    address: z.string().min(1).max(200),
    use: z.enum(BUILDING_USES),
    zone: z.string().min(1).max(20),
    floors: z.number().int().min(1).max(200),
    floorAreaM2: z.number().min(0).max(10_000_000),
    unitIds: z.array(z.string().min(1).max(40)),
    decision: DecisionSchema,
  }),
  PolygonSchema,
);
const StreetFile = collection(z.object({ name: z.string().min(1).max(60), streetClass: z.enum(STREET_CLASSES) }), LineSchema);

export type District = { code: string; name: string; polygon: Polygon };
export type Parcel = { id: string; districtCode: string; zone: string; polygon: Polygon };
export type Building = {
  id: string;
  parcelId: string;
  districtCode: string;
  address: string;
  use: BuildingUse;
  zone: string;
  floors: number;
  floorAreaDm2: number;
  unitIds: string[];
  footprint: Polygon;
};
export type Street = { id: string; name: string; streetClass: StreetClass; line: LineString };
export type MapLayer = { districts: District[]; parcels: Parcel[]; buildings: Building[]; streets: Street[]; decisions: Map<string, StatusDecision> };

export type LayerFiles = { districts: string; parcels: string; buildings: string; streets: string };
export const DEMO_LAYER: LayerFiles = {
  districts: new URL('../../../../fixtures/map/districts.geojson', import.meta.url).pathname,
  parcels: new URL('../../../../fixtures/map/parcels.geojson', import.meta.url).pathname,
  buildings: new URL('../../../../fixtures/map/buildings.geojson', import.meta.url).pathname,
  streets: new URL('../../../../fixtures/map/streets.geojson', import.meta.url).pathname,
};

const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Reads and checks a layer. With `today`, dates are moved by the distance from the buildings file's
 * `referenceDay` to `today`, so demo data keeps its proportions of valid and expired periods on any day.
 * @throws Error naming the file and the first problem (the caller stores nothing).
 */
export function readLayer(files: LayerFiles, today?: string): MapLayer {
  const parse = <S extends z.ZodType>(schema: S, file: string): z.infer<S> => {
    const r = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!r.success) throw new Error(`${file}: ${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    return r.data;
  };
  const b = parse(BuildingFile, files.buildings);
  const offset = today && b.referenceDay ? Math.round((Date.parse(today) - Date.parse(b.referenceDay)) / 86_400_000) : 0;
  const decisions = new Map<string, StatusDecision>();
  for (const f of b.features) {
    const d = f.properties.decision;
    const moved = { ...d, decidedOn: shift(d.decidedOn, offset), approvedUntil: d.approvedUntil === null ? null : shift(d.approvedUntil, offset) };
    const problem = checkDecision(moved);
    if (problem) throw new Error(`${files.buildings}: ${f.id} decision ${problem}`);
    decisions.set(f.id, moved);
  }
  const ids = new Set<string>();
  for (const f of b.features) {
    if (ids.has(f.id)) throw new Error(`${files.buildings}: duplicate id ${f.id}`);
    ids.add(f.id);
  }
  return {
    districts: parse(DistrictFile, files.districts).features.map((f) => ({ code: f.id, name: f.properties.name, polygon: f.geometry.coordinates })),
    parcels: parse(ParcelFile, files.parcels).features.map((f) => ({ id: f.id, districtCode: f.properties.districtCode, zone: f.properties.zone, polygon: f.geometry.coordinates })),
    buildings: b.features.map((f) => ({
      id: f.id,
      parcelId: f.properties.parcelId,
      districtCode: f.properties.districtCode,
      address: f.properties.address,
      use: f.properties.use,
      zone: f.properties.zone,
      floors: f.properties.floors,
      floorAreaDm2: areaFromM2(f.properties.floorAreaM2),
      unitIds: f.properties.unitIds,
      footprint: f.geometry.coordinates,
    })),
    streets: parse(StreetFile, files.streets).features.map((f) => ({ id: f.id, name: f.properties.name, streetClass: f.properties.streetClass, line: f.geometry.coordinates })),
    decisions,
  };
}
