import { type PropertyUse } from '#domain/business/business-kinds.ts';
import { type IdDocumentType } from '#domain/case/events.ts';

/**
 * The unit register (不动产登记簿) as append-only entries, one chain per 不动产单元号. The register is never
 * edited (《不动产登记暂行条例》第十条: 除依法予以更正外不得修改登记事项): every change is a new entry that
 * comes from a 登簿 of a case, a court's 协助执行通知书, the contract filing system, or the import of a
 * historic record. What the register says on a day is a projection of its entries (project.ts).
 */

/** 房屋结构 as the register records it (the six classes of GB/T 17986.1 房产测量规范). */
export const STRUCTURES = ['steel', 'steel-concrete', 'reinforced-concrete', 'mixed', 'brick-wood', 'other'] as const;
export type Structure = (typeof STRUCTURES)[number];

/** 自然状况 (条例 第八条第三款第（一）项: 坐落、界址、空间界限、面积、用途等). */
export type NaturalStatus = {
  address: string;
  districtCode: string;
  /** 幢号 as people say it ("3栋"); the 自然幢号 is inside the unit number. */
  buildingName: string;
  floor: number;
  totalFloors: number;
  room: string;
  areaM2: number;
  structure: Structure;
  use: PropertyUse;
  /** 竣工年份; null when the historic record does not say. */
  completedYear: number | null;
};

/** 共有情况: 单独所有, 共同共有, or 按份共有 with the share written as a fraction ("1/2"). */
export type Holding = { kind: 'sole' } | { kind: 'joint' } | { kind: 'shares'; share: string };

export type Holder = { name: string; idType: IdDocumentType; idNumber: string; holding: Holding };

/** Where an entry comes from: every entry names its source, and a case's entries link back to it. */
export type RegisterSource =
  | { kind: 'case'; caseId: string; caseNumber: string; eventId: string }
  | { kind: 'court'; court: string; noticeNumber: string }
  | { kind: 'filing'; filingNumber: string }
  | { kind: 'legacy'; batchId: string; row: number; legacyCertificate: string }
  | { kind: 'office'; reason: string };

export type OwnershipCause = 'first' | 'transfer' | 'change' | 'correction' | 'legacy';

/** A court's act as the 协助执行通知书 states it (最高人民法院《关于人民法院民事执行中查封、扣押、冻结财产的规定》第一条). */
export type CourtDocument = {
  court: string;
  /** 协助执行通知书 文号. */
  noticeNumber: string;
  /** 裁定书 文号. */
  rulingNumber: string;
  /** When the notice reached the office: a seizure takes effect then (同规定 第一条第二款) and ranks by it (实施细则 第九十一条). */
  deliveredAt: string;
};

export type RegisterEntryBody =
  | { kind: 'unit-established'; natural: NaturalStatus }
  | { kind: 'natural-changed'; natural: NaturalStatus; reason: string }
  /** `certificateNumber` is null until 缮证 gives the certificate its number. */
  | { kind: 'ownership-registered'; cause: OwnershipCause; holders: Holder[]; certificateNumber: string | null }
  | { kind: 'ownership-cancelled'; reason: string }
  | {
      kind: 'mortgage-registered';
      mortgageId: string;
      mortgagee: string;
      debtor: string | null;
      /** 被担保主债权数额 (or 最高债权额), integer fen; null when the record does not carry it. */
      amountFen: number | null;
      maximum: boolean;
      termFrom: string | null;
      termTo: string | null;
      /** 不动产登记证明号; null until 缮证. */
      certificateNumber: string | null;
    }
  | { kind: 'mortgage-cancelled'; mortgageId: string; reason: string }
  | { kind: 'advance-notice-registered'; noticeId: string; holders: Holder[]; certificateNumber: string | null }
  | { kind: 'advance-notice-cancelled'; noticeId: string; reason: string }
  | { kind: 'objection-registered'; objectionId: string; applicant: string; matter: string }
  | { kind: 'objection-cancelled'; objectionId: string; reason: string }
  | {
      kind: 'seizure-recorded';
      seizureId: string;
      document: CourtDocument;
      /** 被执行人, as the ruling names them. */
      respondent: string;
      /** The period the court set, when the seizure takes effect at once. */
      from: string | null;
      to: string | null;
      /** For a 轮候查封: the length of the period, counted from the day it takes effect. */
      termMonths: number | null;
    }
  | { kind: 'seizure-renewed'; seizureId: string; document: CourtDocument; to: string }
  | { kind: 'seizure-lifted'; seizureId: string; document: CourtDocument; reason: string }
  /** A 登簿 whose details the register does not model (抵押权变更, 其他登记): recorded so the history is whole. */
  | { kind: 'case-registered'; businessKind: string; note: string }
  // The contract filing system (商品房合同备案) writes these; the register only shows them.
  | { kind: 'contract-filed'; filingId: string; contractNumber: string; buyers: string[]; filedOn: string }
  | { kind: 'contract-filing-cancelled'; filingId: string; reason: string };

export type RegisterEntryKind = RegisterEntryBody['kind'];

export const REGISTER_ENTRY_KINDS: readonly RegisterEntryKind[] = [
  'unit-established', 'natural-changed', 'ownership-registered', 'ownership-cancelled', 'mortgage-registered',
  'mortgage-cancelled', 'advance-notice-registered', 'advance-notice-cancelled', 'objection-registered',
  'objection-cancelled', 'seizure-recorded', 'seizure-renewed', 'seizure-lifted', 'contract-filed',
  'contract-filing-cancelled', 'case-registered',
];

export type RegisterEntryEnvelope = {
  id: string;
  unitNumber: string;
  /** Counts this unit's entries from 1. */
  seq: number;
  recordedAt: string;
  /** Staff id, or the system that wrote it (`court`, `filing`, `legacy-import`). */
  recordedBy: string;
  source: RegisterSource;
  /** Hash of the unit's previous entry; null for its first. */
  prevHash: string | null;
  hash: string;
};

export type RegisterEntry = RegisterEntryEnvelope & RegisterEntryBody;
export type UnsealedEntry = Omit<RegisterEntryEnvelope, 'hash'> & RegisterEntryBody;
export type EntryOf<K extends RegisterEntryKind> = RegisterEntryEnvelope & Extract<RegisterEntryBody, { kind: K }>;

/** Entries in register order: by the unit's own sequence. */
export const inRegisterOrder = (a: { seq: number }, b: { seq: number }): number => a.seq - b.seq;
