import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressSortKey } from '#domain/register/address-order.ts';
import { sql, sqlList } from '#office/platform/db/sql.ts';
import { getPage, pageLogin } from '../security/attacker-kit.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { startArchiveOffice } from './harness.ts';

/**
 * A register search lists 50 units. When more match, the page says so and how to narrow the search, and the API
 * answers `more`: a clerk looking for 中山路60号 among the first 50 of 中山路 must not conclude it is not registered.
 */
const STREET = '佳木斯市前进区中山路';

let office: Office;
let token: string;
let cookie: string;

beforeAll(async () => {
  office = await startArchiveOffice();
  token = await loginAs(office, 'chenjing');
  cookie = (await pageLogin(office.url, 'chenjing')).cookie ?? '';
  for (let n = 1; n <= 60; n++) {
    await office.storage.db.run(sql`INSERT INTO archive_units (unit_number, building_key, head_seq, head_hash, address, address_key, certificate, next_change_on)
      VALUES (${`230804001001GB00100F${String(n).padStart(8, '0')}`}, ${'230804001001GB00100F0001'}, ${1}, ${'h'}, ${`${STREET}${n}号`}, ${addressSortKey(`${STREET}${n}号`)}, ${`黑(2020)佳木斯市不动产权第${n}号`}, ${null})`);
  }
}, 120_000);
afterAll(() => office?.close());

const searchPage = (value: string) => getPage(office.url, `/office/archive?by=address&value=${encodeURIComponent(value)}`, cookie);
const rowsIn = (html: string) => html.match(/<tr data-unit=/g)?.length ?? 0;

describe('a register search with more matches than it lists', () => {
  it('lists the first 50 and says there are more, and how to find the rest', async () => {
    const shown = await searchPage(STREET);
    expect(shown.status).toBe(200);
    expect(rowsIn(shown.html)).toBe(50);
    expect(shown.html).toContain('<p class="note" id="found-more">找到的不止 50 个，只列出按坐落排在前面的 50 个。请把坐落写得更完整');
    const api50 = await api(office, token, 'GET', `/office/archive/search?by=address&value=${encodeURIComponent(STREET)}`);
    expect(api50.json['units']).toHaveLength(50);
    expect(api50.json['more']).toBe(true);
  });

  it('says nothing of the kind when every match is listed, even exactly 50', async () => {
    const fuller = await searchPage(`${STREET}1`);
    expect(rowsIn(fuller.html)).toBe(11);
    expect(fuller.html).not.toContain('found-more');
    const one = await api(office, token, 'GET', `/office/archive/search?by=address&value=${encodeURIComponent(`${STREET}60号`)}`);
    expect(one.json).toMatchObject({ more: false, units: [{ address: `${STREET}60号` }] });
    await office.storage.db.run(sql`DELETE FROM archive_units WHERE address IN ${sqlList(Array.from({ length: 10 }, (_, i) => `${STREET}${51 + i}号`))}`);
    const fifty = await searchPage(STREET);
    expect(rowsIn(fifty.html)).toBe(50);
    expect(fifty.html).not.toContain('found-more');
  });
});
