import { type RegisterStatus, type RegisterView } from './project.ts';

/**
 * A building drawn from its units' registers: each unit on its floor (自然状况 所在层), in room order along the floor,
 * coloured by its register status. Units whose register records no natural status cannot be placed and are listed.
 */
export type BuildingUnit = { unitNumber: string; floor: number; column: number; room: string; status: RegisterStatus };

export type BuildingLayout = {
  address: string;
  floors: number;
  /** The widest floor's number of units. */
  columns: number;
  units: BuildingUnit[];
  unplaced: string[];
  counts: Record<RegisterStatus, number>;
};

const byRoom = (a: { room: string }, b: { room: string }) => a.room.localeCompare(b.room, 'zh-CN', { numeric: true });

export function buildingLayout(views: readonly RegisterView[]): BuildingLayout {
  const placed = views.flatMap((v) => (v.natural ? [{ v, n: v.natural }] : []));
  const floors = Math.max(0, ...placed.map((p) => Math.max(p.n.floor, p.n.totalFloors)));
  const units: BuildingUnit[] = [];
  for (let floor = 1; floor <= floors; floor++) {
    const onFloor = placed.filter((p) => p.n.floor === floor).map((p) => ({ room: p.n.room, v: p.v })).sort(byRoom);
    onFloor.forEach((p, column) => units.push({ unitNumber: p.v.unitNumber, floor, column, room: p.room, status: p.v.status }));
  }
  const counts: Record<RegisterStatus, number> = { seized: 0, mortgaged: 0, filed: 0, registered: 0, vacant: 0 };
  for (const u of units) counts[u.status] += 1;
  return {
    address: placed[0]?.n.address.replace(/\d+室$/, '') ?? '',
    floors,
    columns: Math.max(0, ...units.map((u) => u.column + 1)),
    units,
    unplaced: views.filter((v) => !v.natural || v.natural.floor < 1).map((v) => v.unitNumber),
    counts,
  };
}
