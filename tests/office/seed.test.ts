import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '#domain/clock.ts';
import { AppointmentDoc, FeeScheduleDoc, TripDoc, UnitDoc } from '#protocol/documents/office.ts';
import { seedOffice } from '#server/seed.ts';
import { type DbStorage } from '#server/storage/db-storage.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';
import { openTestStorage } from '../support/backend.ts';

const raw = JSON.parse(readFileSync(new URL('../../fixtures/demo/seed.json', import.meta.url), 'utf8')) as { day: string };

describe('the demo seed, dated from the day it is seeded', () => {
  let storage: DbStorage | null = null;
  let dir = '';
  afterEach(async () => {
    await storage?.close();
    removeDir(dir);
  });

  async function seededAt(iso: string) {
    dir = tempDir('seed');
    ({ storage } = await openTestStorage(dir));
    await seedOffice(storage, 'demo', fixedClock(iso));
    const docs = async <T,>(c: 'trips' | 'appointments' | 'units' | 'feeSchedules', parse: (b: unknown) => T) => (await storage!.listDocuments(c)).map((d) => parse(d.body));
    return {
      trip: (await docs('trips', (b) => TripDoc.parse(b)))[0]!,
      appointments: await docs('appointments', (b) => AppointmentDoc.parse(b)),
      units: await docs('units', (b) => UnitDoc.parse(b)),
      fees: await docs('feeSchedules', (b) => FeeScheduleDoc.parse(b)),
    };
  }

  it.each([
    ['the file\'s own day', '2026-11-30T02:00:00Z', '2026-11-30', '2026-11-29T18:00:00+08:00'],
    ['a week later', '2026-12-07T02:00:00Z', '2026-12-07', '2026-12-06T18:00:00+08:00'],
    ['a year later, over a month end and New Year', '2027-11-30T02:00:00Z', '2027-11-30', '2027-11-29T18:00:00+08:00'],
    // 23:30 UTC is already the next morning in Jiamusi: the trip is on the Beijing date.
    ['late at night UTC', '2027-02-28T23:30:00Z', '2027-03-01', '2027-02-28T18:00:00+08:00'],
  ])('puts the trip on the seeding day and the snapshots on the evening before: %s', async (_name, now, day, snapshotAt) => {
    const { trip, appointments, units } = await seededAt(now);
    expect(raw.day).toBe('2026-11-30');
    expect(trip.id).toBe(DEMO_TRIP_ID);
    expect(trip.date).toBe(day);
    expect(new Set(units.map((u) => u.snapshotAt))).toEqual(new Set([snapshotAt]));
    expect(units).toHaveLength(200);
    // Appointments keep their hours, 09:00 to 16:00 Beijing time.
    expect(appointments.map((a) => a.scheduledAt).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `${day}T${String(9 + i).padStart(2, '0')}:00:00+08:00`));
  });

  it('keeps the dates that are facts: the fee standard is in force from 2017-01-01 whatever the day', async () => {
    const { fees } = await seededAt('2027-06-01T02:00:00Z');
    expect(fees.map((f) => f.effectiveFrom)).toEqual(['2017-01-01']);
  });
});
