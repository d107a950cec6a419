import { describe, expect, it } from 'vitest';
import { decodeReadData, decodeTextBlock } from '#electron/devices/id-reader/decode-text.ts';
import { nationCode, nationName } from '#electron/devices/id-reader/nation.ts';
import { encodeTextBlock } from '#fixtures/devices/card-text.ts';
import { loadDemoPeople } from '#fixtures/devices/id-reader-device.ts';
import { fixturePath } from './frames.ts';

const people = loadDemoPeople(fixturePath('identities.json'));
const byKind = (kind: string) => people.find((p) => p.kind === kind)!;

describe('text block decoding', () => {
  it('decodes a resident card with its GB 3304 nation name', () => {
    const r = decodeTextBlock(encodeTextBlock(people[0]!));
    expect(r).toEqual({
      ok: true,
      value: {
        kind: 'resident',
        extra: {},
        identity: {
          cardType: '居民身份证', name: '张国强', sex: '男', nation: '汉', birthDate: '1978-03-12',
          address: '黑龙江省佳木斯市前进区长安路街道中山街108号3单元502室', idNumber: '230804197803120414',
          issuer: '佳木斯市公安局前进分局', validFrom: '2016-05-20', validTo: '2036-05-20',
        },
      },
    });
  });

  it('keeps 长期 as the end of validity', () => {
    const r = decodeTextBlock(encodeTextBlock(people[2]!));
    expect(r.ok && r.value.identity).toMatchObject({ nation: '朝鲜', validTo: '长期' });
  });

  it('decodes a 港澳台居民居住证 (flag J) with pass number and issue count', () => {
    const r = decodeTextBlock(encodeTextBlock(byKind('hkMacaoTaiwan')));
    expect(r.ok && r.value).toMatchObject({
      kind: 'hkMacaoTaiwan',
      identity: { cardType: '港澳台居民居住证', name: '陈家明', nation: '', idNumber: '810000199006150037' },
      extra: { passNumber: 'H60123456', issueCount: '01' },
    });
  });

  it('decodes a 2017 foreigner permanent residence card (flag I)', () => {
    const r = decodeTextBlock(encodeTextBlock(byKind('foreigner2017')));
    expect(r.ok && r.value).toMatchObject({
      kind: 'foreigner2017',
      identity: { cardType: '外国人永久居留身份证', name: '安娜', sex: '女', idNumber: 'RUS230088070412', birthDate: '1988-07-04' },
      extra: { englishName: 'IVANOVA, ANNA', nationality: 'RUS' },
    });
  });

  it('decodes a 2023 foreigner permanent residence card (flag Y) with its MOD 11-2 number', () => {
    const r = decodeTextBlock(encodeTextBlock(byKind('foreigner2023')));
    expect(r.ok && r.value).toMatchObject({
      kind: 'foreigner2023',
      identity: { cardType: '外国人永久居留身份证（2023版）', name: '叶莲娜', idNumber: '930156198807040022' },
      extra: { englishName: 'PETROVA, ELENA', nationality: 'RUS' },
    });
  });

  it('refuses a resident number whose check digit is wrong', () => {
    expect(decodeTextBlock(encodeTextBlock({ ...people[0]!, idNumber: '230804197803120415' }))).toEqual({ ok: false, error: 'idNumber' });
  });

  it('refuses a number that disagrees with the printed birth date', () => {
    expect(decodeTextBlock(encodeTextBlock({ ...people[0]!, birthDate: '1978-03-13' }))).toEqual({ ok: false, error: 'idMismatch' });
  });

  it('refuses an impossible date and an unknown card flag', () => {
    expect(decodeTextBlock(encodeTextBlock({ ...people[0]!, validFrom: '2016-02-30' }))).toEqual({ ok: false, error: 'validFrom' });
    const block = encodeTextBlock(people[0]!);
    block[248] = 0x5a; // 'Z'
    expect(decodeTextBlock(block)).toEqual({ ok: false, error: 'cardType' });
  });

  it('splits a 30 10 read into text, photo and fingerprint', () => {
    const text = encodeTextBlock(people[1]!);
    const data = new Uint8Array(6 + 256 + 1024 + 512);
    data.set([0x01, 0x00, 0x04, 0x00, 0x02, 0x00]);
    data.set(text, 6);
    data.fill(7, 262, 262 + 1024);
    data.fill(9, 262 + 1024);
    const r = decodeReadData(data, true);
    expect(r.ok && [r.value.identity.name, r.value.photo.length, r.value.photo[0], r.value.fingerprint?.length]).toEqual(['李秀梅', 1024, 7, 512]);
    expect(decodeReadData(data.subarray(0, data.length - 1), true)).toEqual({ ok: false, error: 'length' });
  });
});

describe('GB 3304 nations', () => {
  it('names every code and round-trips', () => {
    expect(nationName('01')).toBe('汉');
    expect(nationName('46')).toBe('德昂');
    expect(nationName('56')).toBe('基诺');
    expect(nationName('97')).toBe('其他');
    expect(nationName('57')).toBeNull();
    for (let i = 1; i <= 56; i++) {
      const code = String(i).padStart(2, '0');
      expect(nationCode(nationName(code)!)).toBe(code);
    }
  });
});
