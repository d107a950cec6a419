import { type Result, err, ok } from '#domain/result.ts';

/**
 * Plane geometry for the map query. Coordinates are GeoJSON's: [longitude, latitude] in WGS 84 degrees
 * (RFC 7946 §3.1.1). A polygon is its outer ring then its holes, each ring closed (first point = last).
 * Areas and lengths are measured on a local equirectangular plane around the city: over Jiamusi's ~20 km
 * the scale error stays under 0.2%, well inside what an estimate needs, and it needs no projection library.
 */
export type Position = readonly [lon: number, lat: number];
export type Ring = readonly Position[];
export type Polygon = readonly Ring[];
export type MultiPolygon = readonly Polygon[];
export type LineString = readonly Position[];
export type BBox = readonly [minX: number, minY: number, maxX: number, maxY: number];

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Metres per degree of longitude and latitude at `lat0`. */
export type LocalPlane = { readonly mx: number; readonly my: number };
export const localPlane = (lat0: number): LocalPlane => ({ mx: EARTH_RADIUS_M * RAD * Math.cos(lat0 * RAD), my: EARTH_RADIUS_M * RAD });

export function ringBBox(ring: Ring): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

export function multiPolygonBBox(mp: MultiPolygon): BBox {
  return mp.map((p) => ringBBox(p[0] ?? [])).reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
}

/** Even–odd ray test against one ring (a point exactly on an edge may fall either way). */
function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Position;
    const b = ring[j] as Position;
    if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygon(p: Position, polygon: Polygon): boolean {
  const [outer, ...holes] = polygon;
  if (!outer || !inRing(p[0], p[1], outer)) return false;
  return !holes.some((h) => inRing(p[0], p[1], h));
}

export const pointInMultiPolygon = (p: Position, mp: MultiPolygon): boolean => mp.some((poly) => pointInPolygon(p, poly));

/** Signed shoelace area of a ring in square degrees (positive = counter-clockwise). */
function signedRingArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Position;
    const b = ring[j] as Position;
    s += (b[0] - a[0]) * (b[1] + a[1]);
  }
  return -s / 2;
}

/** Area in m² on the local plane: outer ring less its holes. */
export function polygonAreaM2(polygon: Polygon, plane: LocalPlane): number {
  const [outer, ...holes] = polygon;
  if (!outer) return 0;
  const deg2 = Math.abs(signedRingArea(outer)) - holes.reduce((s, h) => s + Math.abs(signedRingArea(h)), 0);
  return deg2 * plane.mx * plane.my;
}

/**
 * The area centroid of the outer ring (the point a building is located by). For the convex and L-shaped
 * footprints of the layer it lies inside the footprint; a degenerate ring falls back to its vertex mean.
 */
export function ringCentroid(ring: Ring): Position {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const [ox, oy] = ring[0] ?? [0, 0];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const p = ring[j] as Position;
    const q = ring[i] as Position;
    const x0 = p[0] - ox;
    const y0 = p[1] - oy;
    const x1 = q[0] - ox;
    const y1 = q[1] - oy;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (Math.abs(a) < 1e-18) {
    const n = Math.max(1, ring.length);
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}

/** Parameters t in (0, 1) where segment p→q crosses segment a→b. */
function crossings(p: Position, q: Position, a: Position, b: Position, out: number[]): void {
  const rx = q[0] - p[0];
  const ry = q[1] - p[1];
  const sx = b[0] - a[0];
  const sy = b[1] - a[1];
  const den = rx * sy - ry * sx;
  if (den === 0) return;
  const t = ((a[0] - p[0]) * sy - (a[1] - p[1]) * sx) / den;
  const u = ((a[0] - p[0]) * ry - (a[1] - p[1]) * rx) / den;
  if (t > 0 && t < 1 && u >= 0 && u <= 1) out.push(t);
}

/**
 * Metres of a line inside a polygon: each segment is cut where it crosses the polygon's edges, and the
 * pieces whose midpoint lies inside are summed (the street length a region's pipe works are priced on).
 */
export function lengthInsideM(line: LineString, polygon: Polygon, plane: LocalPlane): number {
  let total = 0;
  for (let i = 1; i < line.length; i++) {
    const p = line[i - 1] as Position;
    const q = line[i] as Position;
    const ts = [0, 1];
    for (const ring of polygon) for (let k = 1; k < ring.length; k++) crossings(p, q, ring[k - 1] as Position, ring[k] as Position, ts);
    ts.sort((x, y) => x - y);
    const segment = Math.hypot((q[0] - p[0]) * plane.mx, (q[1] - p[1]) * plane.my);
    for (let k = 1; k < ts.length; k++) {
      const t0 = ts[k - 1] as number;
      const t1 = ts[k] as number;
      if (t1 - t0 <= 0) continue;
      const tm = (t0 + t1) / 2;
      if (pointInPolygon([p[0] + (q[0] - p[0]) * tm, p[1] + (q[1] - p[1]) * tm], polygon)) total += segment * (t1 - t0);
    }
  }
  return total;
}

export const lineLengthM = (line: LineString, plane: LocalPlane): number =>
  line.slice(1).reduce((s, q, i) => {
    const p = line[i] as Position;
    return s + Math.hypot((q[0] - p[0]) * plane.mx, (q[1] - p[1]) * plane.my);
  }, 0);

export type RegionError = 'too-few-points' | 'too-many-points' | 'not-a-number' | 'out-of-range' | 'self-intersecting' | 'zero-area';

/** A drawn region may have at most this many vertices (a hand-drawn polygon has tens). */
export const MAX_REGION_POINTS = 2000;

/**
 * Checks a drawn region (one outer ring, closed or not) and returns it closed. Refuses what would make
 * the answer meaningless: a ring crossing itself has no well-defined inside.
 */
export function checkRegion(ring: readonly (readonly number[])[]): Result<Polygon, RegionError> {
  if (ring.length > MAX_REGION_POINTS + 1) return err('too-many-points');
  const pts: Position[] = [];
  for (const p of ring) {
    const [x, y] = p;
    if (p.length < 2 || x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) return err('not-a-number');
    if (x < -180 || x > 180 || y < -90 || y > 90) return err('out-of-range');
    const last = pts[pts.length - 1];
    if (!last || last[0] !== x || last[1] !== y) pts.push([x, y]);
  }
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (first && last && pts.length > 1 && first[0] === last[0] && first[1] === last[1]) pts.pop();
  if (pts.length < 3) return err('too-few-points');
  const closed: Position[] = [...pts, pts[0] as Position];
  if (selfIntersects(closed)) return err('self-intersecting');
  if (Math.abs(signedRingArea(closed)) < 1e-14) return err('zero-area');
  return ok([closed]);
}

function selfIntersects(ring: Ring): boolean {
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const out: number[] = [];
      crossings(ring[i] as Position, ring[i + 1] as Position, ring[j] as Position, ring[j + 1] as Position, out);
      if (out.length > 0) return true;
    }
  }
  return false;
}
