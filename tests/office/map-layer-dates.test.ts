import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_LAYER, type MapLayer, readLayer } from '#server/office/map/layer.ts';

/** The day the demo buildings file's dates were written for. */
const REFERENCE_DAY = (JSON.parse(readFileSync(DEMO_LAYER.buildings, 'utf8')) as { referenceDay: string }).referenceDay;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** How the demo looks on `today`: decisions by status, temporary ones expired or ending within 90 days, and any dated after today. */
function picture(layer: MapLayer, today: string) {
  const decisions = [...layer.decisions.values()];
  const temporary = decisions.filter((d) => d.approvedUntil !== null);
  return {
    byStatus: Object.fromEntries([...new Set(decisions.map((d) => d.status))].sort().map((s) => [s, decisions.filter((d) => d.status === s).length])),
    expired: temporary.filter((d) => (d.approvedUntil ?? '') < today).length,
    endingSoon: temporary.filter((d) => (d.approvedUntil ?? '') >= today && (d.approvedUntil ?? '') <= plusDays(today, 90)).length,
    decidedAfterToday: decisions.filter((d) => d.decidedOn > today).length,
  };
}

describe('the demo map’s status dates, moved to the day it is seeded', () => {
  const asWritten = readLayer(DEMO_LAYER);
  const written = picture(asWritten, REFERENCE_DAY);

  it('has temporary buildings both expired and ending soon on the day it was written for', () => {
    expect(written.expired).toBeGreaterThan(0);
    expect(written.endingSoon).toBeGreaterThan(0);
    expect(written.decidedAfterToday).toBe(0);
  });

  for (const today of ['2026-12-04', '2027-03-01', '2028-02-29', '2031-12-31', '2026-01-15']) {
    it(`looks the same on ${today}: every date moved by the days since the file's, none after that day`, () => {
      const layer = readLayer(DEMO_LAYER, today);
      const offset = daysBetween(REFERENCE_DAY, today);
      for (const [id, d] of asWritten.decisions) {
        const moved = layer.decisions.get(id);
        expect(moved?.decidedOn).toBe(plusDays(d.decidedOn, offset));
        expect(moved?.approvedUntil).toBe(d.approvedUntil === null ? null : plusDays(d.approvedUntil, offset));
      }
      expect(picture(layer, today)).toEqual(written);
    });
  }
});
