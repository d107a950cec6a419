import { type BuildingUnit, type SalePermit } from '#domain/market/building-table.ts';
import { type Buyer, type ContractDraft } from '#domain/market/contract.ts';
import { type Actor } from '#domain/market/filing.ts';
import { unregisteredUnit, type UnitFacts } from '#domain/market/unit-facts.ts';

/** A small hand-made project for the market's rule tests: two buildings, one under a presale permit. */
export const UNIT_A = '230803003012GB00100F00110101';
export const UNIT_B = '230803003012GB00100F00120101';

export const unitA: BuildingUnit = {
  unitNumber: UNIT_A,
  projectId: 'p1',
  buildingId: 'b1',
  floor: 1,
  room: '101',
  use: 'residential',
  areaDm2: 8956,
  rooms: 3,
  halls: 2,
  listFenPerM2: 680_000,
  withheld: false,
};
export const unitB: BuildingUnit = { ...unitA, unitNumber: UNIT_B, buildingId: 'b2' };

export const presale: SalePermit = {
  id: 'permit-1',
  projectId: 'p1',
  kind: 'presale',
  number: '佳房预售证第2026018号',
  authority: '佳木斯市住房和城乡建设局',
  issuedOn: '2026-03-01',
  buildingIds: ['b1'],
  revokedOn: null,
};

export const buyerZhang: Buyer = { name: '张国强', idType: 'resident-id', idNumber: '230804197803120414', share: null, phone: '13904541234', readOn: null };
export const buyerLi: Buyer = { name: '李秀梅', idType: 'resident-id', idNumber: '230803198509211620', share: null, phone: '13904545678', readOn: null };

/** 89.56 m² at 6,800.00 yuan/m²: 609,008.00 yuan, by building area, a loan for 70 %. */
export const draftA: ContractDraft = {
  template: 'GF-2014-0171',
  unitNumber: UNIT_A,
  areaDm2: 8956,
  innerAreaDm2: null,
  pricing: { basis: 'building-area', fenPerM2: 680_000, totalFen: 60_900_800 },
  payment: { method: 'loan', downPaymentFen: 18_270_240, downPaymentDueOn: '2026-06-10', loanFen: 42_630_560, loanKind: 'commercial', lender: '中国建设银行佳木斯分行' },
  deliveryOn: '2027-12-31',
  signedOn: '2026-06-01',
  buyers: [buyerZhang],
};

export const developer: Actor = { kind: 'developer', id: 'acc-dev-1', name: '王销售', orgId: 'dev-1', orgName: '佳木斯江景房地产开发有限公司' };
export const otherDeveloper: Actor = { kind: 'developer', id: 'acc-dev-9', name: '外人', orgId: 'dev-9', orgName: '别家公司' };
export const bank: Actor = { kind: 'bank', id: 'acc-bank-1', name: '刘信贷', orgId: 'bank-1', orgName: '中国建设银行佳木斯分行' };
export const otherBank: Actor = { kind: 'bank', id: 'acc-bank-2', name: '周信贷', orgId: 'bank-2', orgName: '中国工商银行佳木斯分行' };
export const officeStaff: Actor = { kind: 'office', id: 'staff-chenjing', name: '陈静', orgId: null, orgName: null };

export const freeFacts = (unitNumber = UNIT_A): UnitFacts => unregisteredUnit(unitNumber);
export const registeredFacts = (holderIds: string[], areaDm2: number, unitNumber = UNIT_A): UnitFacts => ({
  ...unregisteredUnit(unitNumber),
  holderIds,
  holderCount: holderIds.length,
  areaDm2,
  address: '佳木斯市向阳区长安路18号',
});
