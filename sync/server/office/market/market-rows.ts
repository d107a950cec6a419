import { type PropertyUse } from '#domain/business/business-kinds.ts';
import { type BuildingUnit, type PermitKind, type Project, type SalePermit } from '#domain/market/building-table.ts';
import { type ContractDraft } from '#domain/market/contract.ts';
import { type Actor, type FilingEvent, type FilingEventKind, type FilingStatus } from '#domain/market/filing.ts';
import { type EndReason, type ListingKind, type ListingSource, type ListingStatus, type Seller } from '#domain/market/listing.ts';
import { type CheckRow, type DraftRow, type DraftStatus, type FilingRow, type ListingRow, type Org, type OrgKind, type PublicListingRow } from './market-store.ts';

/** Row shapes of the market's tables (0009_market.sql) and their mappers; the domain never sees a row. */

export type OrgDbRow = { id: string; kind: OrgKind; name: string; credit_code: string; active: number; created_by: string; created_at: string };
export const orgFromRow = (r: OrgDbRow): Org => ({ id: r.id, kind: r.kind, name: r.name, creditCode: r.credit_code, active: r.active === 1, createdBy: r.created_by, createdAt: r.created_at });

export type ProjectDbRow = { id: string; developer_id: string; name: string; district_code: string; address: string };
export const projectFromRow = (r: ProjectDbRow): Project => ({ id: r.id, developerId: r.developer_id, name: r.name, districtCode: r.district_code, address: r.address });

export type UnitDbRow = { unit_number: string; project_id: string; building_id: string; floor: number; room: string; use: PropertyUse; area_dm2: number; rooms: number; halls: number; list_fen_per_m2: number | null; withheld: number };
export const unitFromRow = (r: UnitDbRow): BuildingUnit => ({
  unitNumber: r.unit_number,
  projectId: r.project_id,
  buildingId: r.building_id,
  floor: r.floor,
  room: r.room,
  use: r.use,
  areaDm2: r.area_dm2,
  rooms: r.rooms,
  halls: r.halls,
  listFenPerM2: r.list_fen_per_m2,
  withheld: r.withheld === 1,
});

export type PermitDbRow = { id: string; project_id: string; kind: PermitKind; number: string; authority: string; issued_on: string; building_ids: string; revoked_on: string | null };
export const permitFromRow = (r: PermitDbRow): SalePermit => ({
  id: r.id,
  projectId: r.project_id,
  kind: r.kind,
  number: r.number,
  authority: r.authority,
  issuedOn: r.issued_on,
  buildingIds: JSON.parse(r.building_ids) as string[],
  revokedOn: r.revoked_on,
});

export type DraftDbRow = { id: string; contract_number: string; developer_id: string; unit_number: string; body: string; status: DraftStatus; created_by: string; created_at: string; updated_at: string };
export const draftFromRow = (r: DraftDbRow): DraftRow => ({
  id: r.id,
  contractNumber: r.contract_number,
  developerId: r.developer_id,
  unitNumber: r.unit_number,
  draft: JSON.parse(r.body) as ContractDraft,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type FilingDbRow = {
  id: string;
  contract_number: string;
  unit_number: string;
  project_id: string;
  developer_id: string;
  district_code: string;
  status: FilingStatus;
  seq: number;
  total_fen: number;
  area_dm2: number;
  filed_at: string;
  filed_on: string;
  ended_on: string | null;
};
export const filingFromRow = (r: FilingDbRow): FilingRow => ({
  id: r.id,
  contractNumber: r.contract_number,
  unitNumber: r.unit_number,
  projectId: r.project_id,
  developerId: r.developer_id,
  districtCode: r.district_code,
  status: r.status,
  seq: r.seq,
  totalFen: r.total_fen,
  areaDm2: r.area_dm2,
  filedAt: r.filed_at,
  filedOn: r.filed_on,
  endedOn: r.ended_on,
});

export type EventDbRow = { filing_id: string; seq: number; kind: FilingEventKind; body: string; actor: string; at: string };
export const eventFromRow = (r: EventDbRow): FilingEvent => ({ ...(JSON.parse(r.body) as object), kind: r.kind, seq: r.seq, at: r.at, actor: JSON.parse(r.actor) as Actor }) as FilingEvent;
export function eventToRow(filingId: string, e: FilingEvent): EventDbRow {
  const { seq, at, actor, kind, ...body } = e;
  return { filing_id: filingId, seq, kind, body: JSON.stringify(body), actor: JSON.stringify(actor), at };
}

export type ListingDbRow = {
  id: string;
  kind: ListingKind;
  unit_number: string;
  source_kind: ListingSource['kind'];
  source_org_id: string | null;
  source_name: string;
  sellers: string;
  district_code: string;
  place: string;
  area_dm2: number;
  price_fen: number;
  use: PropertyUse;
  rooms: number;
  halls: number;
  floor: number;
  total_floors: number;
  description: string;
  status: ListingStatus;
  code: string | null;
  submitted_by: string;
  submitted_at: string;
  published_at: string | null;
  ended_at: string | null;
  end_reason: EndReason | null;
};

function sourceFromRow(r: ListingDbRow): ListingSource {
  if (r.source_kind === 'owner') return { kind: 'owner' };
  const [orgName = '', agentName = ''] = r.source_name.split('\n');
  if (r.source_kind === 'developer') return { kind: 'developer', orgId: r.source_org_id ?? '', orgName };
  return { kind: 'agency', orgId: r.source_org_id ?? '', orgName, agentName };
}

const sourceName = (s: ListingSource): string => (s.kind === 'owner' ? '' : s.kind === 'developer' ? s.orgName : `${s.orgName}\n${s.agentName}`);

/** The columns of a public listing (PublicListingRow), as the search reads them. */
export type PublicListingDbRow = Pick<ListingDbRow, 'id' | 'kind' | 'district_code' | 'place' | 'area_dm2' | 'price_fen' | 'use' | 'rooms' | 'halls' | 'floor' | 'total_floors' | 'code' | 'published_at'>;

export const publicListingFromRow = (r: PublicListingDbRow): PublicListingRow => ({
  id: r.id,
  kind: r.kind,
  districtCode: r.district_code,
  place: r.place,
  areaDm2: r.area_dm2,
  priceFen: r.price_fen,
  use: r.use,
  rooms: r.rooms,
  halls: r.halls,
  floor: r.floor,
  totalFloors: r.total_floors,
  code: r.code,
  publishedAt: r.published_at,
});

export const listingFromRow = (r: ListingDbRow): ListingRow => ({
  ...publicListingFromRow(r),
  unitNumber: r.unit_number,
  source: sourceFromRow(r),
  sellers: JSON.parse(r.sellers) as Seller[],
  description: r.description,
  status: r.status,
  submittedBy: r.submitted_by,
  submittedAt: r.submitted_at,
  endedAt: r.ended_at,
  endReason: r.end_reason,
});

export const listingToRow = (l: ListingRow): Omit<ListingDbRow, 'ended_at' | 'end_reason'> => ({
  id: l.id,
  kind: l.kind,
  unit_number: l.unitNumber,
  source_kind: l.source.kind,
  source_org_id: l.source.kind === 'owner' ? null : l.source.orgId,
  source_name: sourceName(l.source),
  sellers: JSON.stringify(l.sellers),
  district_code: l.districtCode,
  place: l.place,
  area_dm2: l.areaDm2,
  price_fen: l.priceFen,
  use: l.use,
  rooms: l.rooms,
  halls: l.halls,
  floor: l.floor,
  total_floors: l.totalFloors,
  description: l.description,
  status: l.status,
  code: l.code,
  submitted_by: l.submittedBy,
  submitted_at: l.submittedAt,
  published_at: l.publishedAt,
});

export type CheckDbRow = { listing_id: string; seq: number; source: 'auto' | 'staff'; item: CheckRow['item']; ok: number; note: string; staff_id: string | null; at: string };
export const checkFromRow = (r: CheckDbRow): CheckRow => ({ seq: r.seq, source: r.source, item: r.item, ok: r.ok === 1, note: r.note, staffId: r.staff_id, at: r.at });
