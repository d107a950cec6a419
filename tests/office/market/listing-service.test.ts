import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ListingFacts, VERIFY_ITEMS } from '#domain/market/listing.ts';
import { parseVerificationCode } from '#domain/market/verification-code.ts';
import { marketWorld, type World } from './world.ts';

let w: World;
beforeEach(async () => {
  w = await marketWorld();
});
afterEach(() => w.close());

// A registered second-hand flat outside the building table, held by two co-owners.
const FLAT = '230804003012GB00200F00030502';
const owners = [
  { name: '张国强', idType: 'resident-id' as const, idNumber: '230804197803120414' },
  { name: '李秀梅', idType: 'resident-id' as const, idNumber: '230803198509211620' },
];
const facts: ListingFacts = { unitNumber: FLAT, districtCode: '230804', place: '长安小区 3号楼', areaDm2: 7650, priceFen: 38_000_000, use: 'residential', rooms: 2, halls: 1, floor: 5, totalFloors: 6, description: '近学校，南北通透' };
const agency = { kind: 'agency' as const, orgId: 'agency-1', orgName: '佳木斯安居房地产经纪有限公司', agentName: '赵经纪' };

beforeEach(() => {
  w.register.set(FLAT, { holderIds: owners.map((o) => o.idNumber), holderCount: 2, areaDm2: 7650, address: '佳木斯市前进区长安路5号' });
});

describe('a second-hand listing', () => {
  it('is refused with the reason when its unit is seized, and kept as refused', async () => {
    w.register.set(FLAT, { seizure: { court: '佳木斯市前进区人民法院', noticeNumber: '（2026）黑0804执55号' } });
    const r = await w.listings.submit(agency, 'acc-agent', facts, owners);
    expect(r.ok).toBe(false);
    if (r.ok || r.error.code !== 'refused') throw new Error('expected a refusal');
    expect(r.error.checks.filter((c) => !c.ok).map((c) => c.item)).toEqual(['seizure']);
    const stored = await w.stores.listings.listing(r.error.listing.id);
    expect(stored?.status).toBe('refused');
    expect((await w.stores.listings.checks(r.error.listing.id)).find((c) => c.item === 'seizure')?.ok).toBe(false);
  });

  it('goes from submitted to published item by item, with a code anyone can check', async () => {
    const r = await w.listings.submit(agency, 'acc-agent', facts, owners);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.status).toBe('verifying');
    expect((await w.stores.listings.queue(10)).map((l) => l.id)).toEqual([r.value.id]);
    for (const item of VERIFY_ITEMS) {
      const v = await w.listings.verify('staff-wangfang', r.value.id, item, true, '');
      if (!v.ok) throw new Error(v.error);
    }
    const published = await w.stores.listings.listing(r.value.id);
    expect(published?.status).toBe('published');
    expect(parseVerificationCode(published?.code ?? '').ok).toBe(true);
    expect((await w.stores.listings.byCode(published?.code ?? ''))?.id).toBe(r.value.id);
    expect(await w.listings.verify('staff-wangfang', r.value.id, 'price', true, '')).toEqual({ ok: false, error: 'not-verifying' });
  });

  it('ends by itself when its unit is seized', async () => {
    const r = await w.listings.submit(agency, 'acc-agent', facts, owners);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    for (const item of VERIFY_ITEMS) await w.listings.verify('staff-wangfang', r.value.id, item, true, '');
    w.worker.start();
    w.register.set(FLAT, { seizure: { court: '佳木斯市前进区人民法院', noticeNumber: '（2026）黑0804执56号' } });
    await w.worker.tick();
    const ended = await w.stores.listings.listing(r.value.id);
    expect(ended).toMatchObject({ status: 'ended', endReason: 'seized' });
  });

  it('is rejected on an item that fails, saying why, and a unit is listed once at a time', async () => {
    const r = await w.listings.submit(agency, 'acc-agent', facts, owners);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(await w.listings.submit(agency, 'acc-agent', facts, owners)).toEqual({ ok: false, error: { code: 'unit-listed' } });
    expect(await w.listings.verify('s', r.value.id, 'certificate', false, '')).toEqual({ ok: false, error: 'note-missing' });
    const v = await w.listings.verify('s', r.value.id, 'certificate', false, '证书原件与登记簿记载不一致');
    expect(v.ok && v.value.status).toBe('rejected');
    expect((await w.listings.submit(agency, 'acc-agent', facts, owners)).ok).toBe(true);
  });
});

describe('listings search', () => {
  it('finds published listings by district, price, area and type, newest first, a page at a time', async () => {
    const all = await w.stores.listings.search({ districtCode: null, kind: null, minFen: null, maxFen: null, minAreaDm2: null, maxAreaDm2: null, rooms: null }, null, 100);
    // Building 1 of the project is under the permit: its 12 homes are offered from the sales table.
    expect(all.map((l) => l.kind)).toEqual(Array(12).fill('new-home'));
    const big = await w.stores.listings.search({ districtCode: '230803', kind: 'new-home', minFen: null, maxFen: null, minAreaDm2: 10_000, maxAreaDm2: null, rooms: 3 }, null, 100);
    expect(big).toHaveLength(6);
    expect(big.every((l) => l.areaDm2 === 12_000 && l.rooms === 3)).toBe(true);
    const cheap = await w.stores.listings.search({ districtCode: null, kind: null, minFen: null, maxFen: 61_000_000, minAreaDm2: null, maxAreaDm2: null, rooms: null }, null, 4);
    expect(cheap).toHaveLength(4);
    const last = cheap.at(-1);
    const next = await w.stores.listings.search({ districtCode: null, kind: null, minFen: null, maxFen: 61_000_000, minAreaDm2: null, maxAreaDm2: null, rooms: null }, last ? { publishedAt: last.publishedAt ?? '', id: last.id } : null, 4);
    expect(next).toHaveLength(2);
    expect(new Set([...cheap, ...next].map((l) => l.id)).size).toBe(6);
    expect(await w.stores.listings.search({ districtCode: '230804', kind: null, minFen: null, maxFen: null, minAreaDm2: null, maxAreaDm2: null, rooms: null }, null, 10)).toEqual([]);
  });
});
