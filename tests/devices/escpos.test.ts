import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EscPosBuilder } from '#electron/devices/printer/escpos.ts';
import { displayWidth, encodeGb18030, wrapToWidth } from '#electron/devices/printer/gb18030.ts';
import { fixturePath, hex, toHex } from './frames.ts';

const hexFixture = (name: string) =>
  hex(readFileSync(fixturePath(`escpos/${name}`), 'utf8').split('\n').filter((l) => !l.startsWith('#')).join(' '));

describe('ESC/POS encoder', () => {
  it('encodes a small receipt byte for byte', () => {
    const bytes = new EscPosBuilder({ width: 58 })
      .init().chinese().align('center').bold().line('佳木斯市不动产登记中心')
      .bold(false).align('left').columns([{ text: '登记费', width: 24 }, { text: '￥80.00', width: 8, align: 'right' }])
      .qr('https://jms.example/v/12345', { moduleSize: 6, level: 'M' }).feed(2).cut()
      .bytes();
    expect(toHex(bytes)).toBe(toHex(hexFixture('small-receipt.hex')));
  });

  it('maps ¥ and • to characters the printer font has', () => {
    const enc = encodeGb18030('¥80•');
    expect(toHex(enc.bytes)).toBe('A3 A4 38 30 A1 A4');
    expect(enc.unprintable).toEqual([]);
    expect(enc.substituted).toEqual(['¥', '•']);
  });

  it('reports a 4-byte character instead of dropping it', () => {
    const b = new EscPosBuilder({ width: 80 }).text('吉𠮷祥');
    expect(b.unprintable()).toEqual([{ char: '𠮷', codePoint: 0x20bb7, reason: 'four-byte' }]);
    expect(toHex(b.bytes())).toBe('BC AA A1 F5 CF E9');
  });

  it('never lets a control character through as a printer command', () => {
    const b = new EscPosBuilder({ width: 80 }).text('A\u001b@B');
    expect(b.unprintable().map((u) => u.reason)).toEqual(['control']);
    expect([...b.bytes()]).not.toContain(0x1b);
  });

  it('lays out CJK by display width and wraps inside a column', () => {
    expect(displayWidth('登记费80')).toBe(8);
    expect(wrapToWidth('黑龙江省佳木斯市', 5)).toEqual(['黑龙', '江省', '佳木', '斯市']);
    const text = new TextDecoder().decode(new EscPosBuilder({ width: 58 }).columns([{ text: 'ab', width: 4 }, { text: 'c', width: 4, align: 'right' }]).bytes());
    expect(text).toBe('ab     c\n');
    expect(() => new EscPosBuilder({ width: 58 }).columns([{ text: 'x', width: 33 }])).toThrow(RangeError);
  });

  it('halves the columns at double width', () => {
    const b = new EscPosBuilder({ width: 80 }).size(2).rule();
    expect(toHex(b.bytes())).toBe(`1D 21 11 ${Array(24).fill('2D').join(' ')} 0A`);
  });
});
