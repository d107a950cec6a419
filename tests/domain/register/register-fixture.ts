import { sealEntry } from '#domain/register/chain.ts';
import { type CourtDocument, type Holder, type NaturalStatus, type RegisterEntry, type RegisterEntryBody, type RegisterSource } from '#domain/register/entries.ts';

export const UNIT = '230803003012GB00100F00010101';

export const NATURAL: NaturalStatus = {
  address: '佳木斯市向阳区西林路1号1栋101室', districtCode: '230803', buildingName: '1栋', floor: 1, totalFloors: 6, room: '101',
  areaM2: 86.5, structure: 'mixed', use: 'residential', completedYear: 1998,
};

export const ZHANG: Holder = { name: '张建国', idType: 'resident-id', idNumber: '230803195003151233', holding: { kind: 'sole' } };

/** A court document delivered at `at` (ISO), numbered after the court. */
export const courtDoc = (court: string, at: string, n = 1): CourtDocument => ({
  court, noticeNumber: `(2026)黑08执协${n}号`, rulingNumber: `(2026)黑08执${n}号`, deliveredAt: at,
});

/** Builds one unit's chain: each body sealed with its seq and the previous hash, recorded at the given time. */
export class RegisterBuilder {
  readonly entries: RegisterEntry[] = [];
  constructor(readonly unitNumber = UNIT) {}

  add(body: RegisterEntryBody, recordedAt: string, source: RegisterSource = { kind: 'office', reason: 'test' }, recordedBy = 'staff-test'): this {
    const prev = this.entries.at(-1);
    this.entries.push(sealEntry({ id: `${this.unitNumber}:${this.entries.length + 1}`, unitNumber: this.unitNumber, seq: this.entries.length + 1, recordedAt, recordedBy, source, prevHash: prev?.hash ?? null, ...body }));
    return this;
  }

  established(at = '2016-05-01T09:00:00+08:00'): this {
    return this.add({ kind: 'unit-established', natural: NATURAL }, at).add({ kind: 'ownership-registered', cause: 'first', holders: [ZHANG], certificateNumber: '黑(2016)佳木斯市不动产权第0000001号' }, at);
  }
}
