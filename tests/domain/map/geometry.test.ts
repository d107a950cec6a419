import { describe, expect, it } from 'vitest';
import { checkRegion, lengthInsideM, lineLengthM, localPlane, pointInPolygon, polygonAreaM2, ringCentroid, type Polygon } from '#domain/map/geometry.ts';

const plane = localPlane(46.8);
// A 0.01° × 0.01° square near Jiamusi with a 0.002° square hole in its middle.
const square: Polygon = [
  [[130.30, 46.80], [130.31, 46.80], [130.31, 46.81], [130.30, 46.81], [130.30, 46.80]],
  [[130.304, 46.804], [130.306, 46.804], [130.306, 46.806], [130.304, 46.806], [130.304, 46.804]],
];

describe('points in a region', () => {
  it('is inside the outer ring and outside its holes', () => {
    expect(pointInPolygon([130.301, 46.801], square)).toBe(true);
    expect(pointInPolygon([130.305, 46.805], square)).toBe(false);
    expect(pointInPolygon([130.311, 46.805], square)).toBe(false);
    expect(pointInPolygon([130.309, 46.809], square)).toBe(true);
  });
});

describe('measures on the local plane', () => {
  it('measures a square of 0.01° at 46.8° N as its side lengths multiplied, less the hole', () => {
    const side = { x: 0.01 * plane.mx, y: 0.01 * plane.my };
    // 0.01° of latitude is 1111.95 m; of longitude at 46.8° N cos(46.8°) times that, 761.18 m.
    expect(side.y).toBeCloseTo(1111.95, 1);
    expect(side.x).toBeCloseTo(761.18, 1);
    expect(polygonAreaM2(square, plane)).toBeCloseTo(side.x * side.y * (1 - 0.04), 3);
  });

  it('finds the area centroid of an L-shaped footprint inside it', () => {
    const l = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]] as const;
    const [x, y] = ringCentroid(l);
    expect(x).toBeCloseTo(5 / 6, 9);
    expect(y).toBeCloseTo(5 / 6, 9);
  });

  it('counts only the length of a street inside the region, across the hole and out again', () => {
    // Along latitude 46.805 from 130.295 to 130.315: inside from 130.300 to 130.304 and 130.306 to 130.310.
    const street = [[130.295, 46.805], [130.315, 46.805]] as const;
    expect(lengthInsideM(street, square, plane)).toBeCloseTo(0.008 * plane.mx, 3);
    expect(lineLengthM(street, plane)).toBeCloseTo(0.02 * plane.mx, 3);
    // Entirely outside.
    expect(lengthInsideM([[130.32, 46.80], [130.33, 46.81]], square, plane)).toBe(0);
  });
});

describe('a drawn region', () => {
  it('is closed when drawn open, and repeated points are dropped', () => {
    const r = checkRegion([[130.3, 46.8], [130.31, 46.8], [130.31, 46.8], [130.31, 46.81]]);
    expect(r).toEqual({ ok: true, value: [[[130.3, 46.8], [130.31, 46.8], [130.31, 46.81], [130.3, 46.8]]] });
  });

  it.each([
    [[[130.3, 46.8], [130.31, 46.8]], 'too-few-points'],
    [[[130.3, 46.8], [130.31, 46.81], [130.31, 46.8], [130.3, 46.81]], 'self-intersecting'],
    [[[130.3, 46.8], [130.31, 46.8], [130.32, 46.8]], 'zero-area'],
    [[[130.3, 46.8], [Number.NaN, 46.8], [130.32, 46.81]], 'not-a-number'],
    [[[130.3, 46.8], [190, 46.8], [130.32, 46.81]], 'out-of-range'],
  ])('refuses %j as %s', (ring, error) => {
    expect(checkRegion(ring)).toEqual({ ok: false, error });
  });
});
