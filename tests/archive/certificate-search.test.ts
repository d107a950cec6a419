import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUILDING } from '#server/office/archive/seed-register.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { startArchiveOffice } from './harness.ts';

let office: Office;
let clerk: string;

type Found = { units: { unitNumber: string; certificate: string | null }[] };
const search = async (by: string, value: string): Promise<Found['units']> => {
  const r = await api(office, clerk, 'GET', `/office/archive/search?by=${by}&value=${encodeURIComponent(value)}`);
  expect(r.status).toBe(200);
  return (r.json as Found).units;
};

beforeAll(async () => {
  office = await startArchiveOffice();
  clerk = await loginAs(office, 'wangfang');
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('finding a unit by its certificate number', () => {
  it('finds a certificate stored as 黑(2020)… when the clerk types the brackets full-width, as a Chinese input method does', async () => {
    const flat = `${DEMO_BUILDING.key}0303`;
    const [stored] = (await search('unit-number', flat)).map((u) => u.certificate);
    expect(stored).toMatch(/^黑\(\d{4}\)/);
    const typed = (stored ?? '').replace('(', '（').replace(')', '）');
    expect((await search('certificate', typed)).map((u) => u.unitNumber)).toEqual([flat]);
    expect((await search('certificate', stored ?? '')).map((u) => u.unitNumber)).toEqual([flat]);
  });
});
