import { checkUnitNumber, UNIT_NUMBER_ERROR_TEXT } from './unit-number.ts';

/**
 * What a clerk typed into the one unit search box: a 不动产单元号, a certificate number or an address. People
 * type addresses as they say them ("西林路1号", "向阳区西林路"), without the city, and type certificate
 * numbers with full-width brackets from a Chinese input method; the register writes both in full and with
 * half-width brackets.
 */
export type UnitQuery =
  | { kind: 'unit-number'; unitNumber: string }
  | { kind: 'bad-unit-number'; message: string }
  | { kind: 'certificate'; certificateNumbers: string[] }
  | { kind: 'address'; prefixes: string[] }
  | { kind: 'empty' };

/** How the register writes an address: the city first, then the district (GB/T 2260: 230803, 230804, 230805, 230811). */
const CITY = '佳木斯市';
const CITY_DISTRICTS = ['向阳区', '前进区', '东风区', '郊区'] as const;

export const UNIT_NUMBER_FORMAT_TEXT =
  '不动产单元号共28位：6位县级行政区划代码、3位地籍区、3位地籍子区、2位宗地特征码、5位宗地顺序号、1位定着物特征码、8位定着物单元编号，如 230803003012GB00100F00010101。也可以输入不动产权证书号或地址。';

export function parseUnitQuery(input: string): UnitQuery {
  // NFKC folds full-width brackets, digits and letters into their ASCII forms: （２０１９） → (2019).
  const q = input.normalize('NFKC').replace(/\s+/g, '');
  if (q === '') return { kind: 'empty' };
  const upper = q.toUpperCase();
  // Six digits and then only letters and digits: meant as a unit number, so a wrong one says what is wrong.
  if (/^\d{6}[0-9A-Z]*$/.test(upper) && upper.length >= 12) {
    const checked = checkUnitNumber(upper);
    return checked.ok
      ? { kind: 'unit-number', unitNumber: checked.value.unitNumber }
      : { kind: 'bad-unit-number', message: `${UNIT_NUMBER_ERROR_TEXT[checked.error]}。${UNIT_NUMBER_FORMAT_TEXT}` };
  }
  if (q.includes('不动产权') || /^.\(\d{4}\)/.test(q)) {
    const full = q.replace(/\(/g, '（').replace(/\)/g, '）');
    return { kind: 'certificate', certificateNumbers: full === q ? [q] : [q, full] };
  }
  return { kind: 'address', prefixes: addressPrefixes(q) };
}

/** The address prefixes the typed text may stand for, city and district filled in where left out. */
function addressPrefixes(q: string): string[] {
  if (q.startsWith(CITY)) return [q];
  if (CITY_DISTRICTS.some((d) => q.startsWith(d))) return [`${CITY}${q}`];
  return [q, `${CITY}${q}`, ...CITY_DISTRICTS.map((d) => `${CITY}${d}${q}`)];
}
