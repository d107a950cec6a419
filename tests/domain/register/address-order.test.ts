import { describe, expect, it } from 'vitest';
import { compareAddresses } from '#domain/register/address-order.ts';

const sorted = (xs: readonly string[]): string[] => [...xs].sort(compareAddresses);

describe('the order addresses are read in', () => {
  it('compares the house numbers as numbers: 3号 before 39号 before 100号', () => {
    expect(sorted(['长安路39号', '长安路100号', '长安路3号'])).toEqual(['长安路3号', '长安路39号', '长安路100号']);
  });

  it('compares every number inside the address: building, 单元, floor and room', () => {
    const p = '佳木斯市向阳区长安路88号幸福家园';
    expect(sorted([`${p}3栋10单元201室`, `${p}12栋1单元101室`, `${p}3栋2单元1001室`, `${p}3栋2单元201室`, `${p}3栋2单元12楼`, `${p}3栋2单元2楼`])).toEqual([
      `${p}3栋2单元2楼`,
      `${p}3栋2单元12楼`,
      `${p}3栋2单元201室`,
      `${p}3栋2单元1001室`,
      `${p}3栋10单元201室`,
      `${p}12栋1单元101室`,
    ]);
  });

  it('keeps text order between different words, and a shorter address before its own continuation', () => {
    expect(sorted(['长安路3号2单元', '长安路3号', '中山路1号'])).toEqual(['中山路1号', '长安路3号', '长安路3号2单元']);
    expect(compareAddresses('长安路3号', '长安路3号2单元')).toBeLessThan(0);
  });

  it('reads full-width digits typed by a Chinese input method as the same numbers', () => {
    expect(sorted(['长安路３９号', '长安路4号'])).toEqual(['长安路4号', '长安路３９号']);
  });

  it('is a total order: leading zeros fall back to text order, equal addresses compare equal', () => {
    expect(compareAddresses('长安路03号', '长安路3号')).not.toBe(0);
    expect(Math.sign(compareAddresses('长安路03号', '长安路3号'))).toBe(-Math.sign(compareAddresses('长安路3号', '长安路03号')));
    expect(compareAddresses('长安路3号', '长安路3号')).toBe(0);
  });

  it('compares numbers longer than a JavaScript number holds exactly', () => {
    expect(compareAddresses('地块12345678901234567891号', '地块12345678901234567890号')).toBeGreaterThan(0);
  });
});
