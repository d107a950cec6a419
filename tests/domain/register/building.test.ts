import { describe, expect, it } from 'vitest';
import { buildingLayout } from '#domain/register/building.ts';
import { projectRegister } from '#domain/register/project.ts';
import { NATURAL, RegisterBuilder, ZHANG } from './register-fixture.ts';

const KEY = '230803003012GB00100F0001';

/** A flat of the building on `floor`, room `room`: registered, or only established (vacant). */
function flat(room: string, floor: number, opts: { owned?: boolean; mortgaged?: boolean; natural?: boolean } = {}) {
  const unit = `${KEY}${room.padStart(4, '0')}`;
  const b = new RegisterBuilder(unit);
  if (opts.natural !== false) b.add({ kind: 'unit-established', natural: { ...NATURAL, floor, totalFloors: 3, room, address: `佳木斯市向阳区西林路1号1栋${room}室` } }, '2016-05-01T09:00:00+08:00');
  if (opts.owned !== false) b.add({ kind: 'ownership-registered', cause: 'first', holders: [ZHANG], certificateNumber: null }, '2016-05-01T09:00:00+08:00');
  if (opts.mortgaged) b.add({ kind: 'mortgage-registered', mortgageId: `m${room}`, mortgagee: '银行', debtor: null, amountFen: null, maximum: false, termFrom: null, termTo: null, certificateNumber: null }, '2017-01-01T09:00:00+08:00');
  return projectRegister(unit, b.entries, '2026-01-01');
}

describe('a building drawn from its units’ registers', () => {
  it('puts each unit on its floor, in room order along the floor, with its status, and counts the statuses', () => {
    const layout = buildingLayout([flat('102', 1, { mortgaged: true }), flat('101', 1), flat('201', 2, { owned: false }), flat('1001', 2)].reverse());
    expect(layout.floors).toBe(3);
    expect(layout.columns).toBe(2);
    expect(layout.address).toBe('佳木斯市向阳区西林路1号1栋');
    expect(layout.units.map((u) => [u.room, u.floor, u.column, u.status])).toEqual([
      ['101', 1, 0, 'registered'], ['102', 1, 1, 'mortgaged'], ['201', 2, 0, 'vacant'], ['1001', 2, 1, 'registered'],
    ]);
    expect(layout.counts).toEqual({ seized: 0, mortgaged: 1, filed: 0, registered: 2, vacant: 1 });
    expect(layout.unplaced).toEqual([]);
  });

  it('lists a unit whose register records no natural status as not drawn', () => {
    const layout = buildingLayout([flat('101', 1), flat('0', 0, { natural: false })]);
    expect(layout.units.map((u) => u.room)).toEqual(['101']);
    expect(layout.unplaced).toEqual([`${KEY}0000`]);
  });
});
