import { z } from 'zod';
import { BUSINESS_KIND_KEYS, type BusinessKind } from '#domain/business/business-kinds.ts';
import { STAFF_ROLES, type StaffRole } from '#domain/staff/roles.ts';
import { FenAmount, Id, IsoDate, IsoTime, Sha256Hex } from './common.ts';
import { MAX_PBKDF2_ITERATIONS, MIN_PBKDF2_ITERATIONS } from '#protocol/password-hash.ts';

/** Office-authored documents: read-only on the van, replaced by the office under a new sequence. */

export const ReceiptBlock = z.object({
  prefix: z.string().max(20),
  first: z.number().int().positive(),
  last: z.number().int().positive(),
  width: z.number().int().min(1).max(12),
  /** 票据代码 printed beside the number (domain/receipts/number-block.ts). */
  code: z.string().regex(/^\d{8}$/).optional(),
});
export type ReceiptBlock = z.infer<typeof ReceiptBlock>;

export const TripDoc = z.strictObject({
  id: Id,
  date: IsoDate,
  vanId: Id,
  title: z.string().max(200),
  staffIds: z.array(Id),
  appointmentIds: z.array(Id),
  unitIds: z.array(Id),
  receiptBlock: ReceiptBlock.nullable(),
  /**
   * Since protocol 6: the office's 承诺时限 table (working days per business kind) when the trip was planned,
   * printed on the trip's notices (domain/calendar/promised-limits.ts checks it); absent from older offices.
   */
  promisedLimits: z.record(z.string(), z.number().int().min(1).max(30)).optional(),
  updatedAt: IsoTime,
  _deleted: z.boolean(),
});
export type TripDoc = z.infer<typeof TripDoc>;

/** Who the home visit is for (预约上门: 老弱病残孤寡, enterprises in restructuring). */
export const VISIT_CATEGORIES = ['elderly', 'sick', 'disabled', 'widowed', 'orphaned', 'enterprise', 'other'] as const;

export const AppointmentDoc = z.strictObject({
  id: Id,
  tripId: Id,
  applicantName: z.string().min(1).max(100),
  phone: z.string().max(30),
  address: z.string().max(300),
  category: z.enum(VISIT_CATEGORIES),
  businessKind: z.enum(BUSINESS_KIND_KEYS as [BusinessKind, ...BusinessKind[]]),
  unitIds: z.array(Id),
  scheduledAt: IsoTime,
  notes: z.string().max(2000),
  updatedAt: IsoTime,
  _deleted: z.boolean(),
});
export type AppointmentDoc = z.infer<typeof AppointmentDoc>;

export const UnitFlags = z.strictObject({
  seized: z.boolean(), // 查封
  mortgaged: z.boolean(), // 抵押
  advanceNotice: z.boolean(), // 预告
  inProgress: z.boolean(), // 在办
});

/** What the van carries of a unit's register (domain/register/unit-summary.ts): names and documents, no ID numbers. */
export const UnitRegister = z.strictObject({
  asOf: IsoDate,
  status: z.enum(['seized', 'mortgaged', 'filed', 'registered', 'vacant']),
  holders: z.array(z.strictObject({ name: z.string().max(100), holding: z.string().max(60) })).max(50),
  mortgages: z.array(z.strictObject({ mortgagee: z.string().max(100), amountFen: z.number().int().nonnegative().nullable(), termTo: IsoDate.nullable() })).max(20),
  seizures: z.array(z.strictObject({ court: z.string().max(100), noticeNumber: z.string().max(100), standing: z.enum(['effective', 'waiting']), rank: z.number().int().nonnegative(), to: IsoDate.nullable() })).max(20),
  advanceNotice: z.boolean(),
  objection: z.boolean(),
  contractFiling: z.strictObject({ contractNumber: z.string().max(60), filedOn: IsoDate, buyers: z.array(z.string().max(100)).max(20) }).nullable(),
  /** When the latest 协助执行通知书 on the unit reached the office, as the office recorded it. */
  courtActAt: z.string().max(40).nullable(),
});
export type UnitRegister = z.infer<typeof UnitRegister>;

export const UnitDoc = z.strictObject({
  id: Id,
  /** 不动产单元号, 28 characters (GB/T 37346). */
  unitNumber: z.string().length(28),
  certificateNumber: z.string().max(60),
  districtCode: z.string().regex(/^\d{6}$/),
  address: z.string().min(1).max(300),
  use: z.enum(['residential', 'non-residential', 'parking']),
  areaM2: z.number().nonnegative(),
  owners: z.array(z.strictObject({ name: z.string().max(100), share: z.string().max(30) })),
  flags: UnitFlags,
  /** The register summary, when the office's register holds the unit (v14; absent from older offices). */
  register: UnitRegister.optional(),
  snapshotAt: IsoTime,
  _deleted: z.boolean(),
});
export type UnitDoc = z.infer<typeof UnitDoc>;

export const FeeScheduleDoc = z.strictObject({
  id: Id,
  version: z.string().min(1).max(40),
  effectiveFrom: IsoDate,
  /** The rule table as data; its shape belongs to domain/fees and is checked there when quoting. */
  rules: z.array(z.looseObject({ code: z.string(), amountFen: FenAmount })),
  updatedAt: IsoTime,
  _deleted: z.boolean(),
});
export type FeeScheduleDoc = z.infer<typeof FeeScheduleDoc>;

/** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`: verifiable by Node and by WebCrypto on the van, offline. */
export const PasswordHash = z.string().regex(/^pbkdf2-sha256\$\d{4,7}\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);

/**
 * Since protocol 19: the public half of an X25519 key pair the office derived from the staff member's password
 * when it was set (or at an office login), so a van can seal its data key to someone whose password it has never
 * seen (staff-key.ts). `version` grows with every new password; the private key and the password are never stored.
 */
export const StaffVanKey = z.strictObject({
  version: z.number().int().min(1),
  /** The X25519 public key, 32 bytes (RFC 7748), base64. */
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  /** The PBKDF2 salt, 16 bytes, base64; its own, never the password hash's salt. */
  salt: z.string().regex(/^[A-Za-z0-9+/]{22}==$/),
  iterations: z.number().int().min(MIN_PBKDF2_ITERATIONS).max(MAX_PBKDF2_ITERATIONS),
});
export type StaffVanKey = z.infer<typeof StaffVanKey>;

export const StaffDoc = z.strictObject({
  id: Id,
  login: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  roles: z.array(z.enum(STAFF_ROLES as [StaffRole, ...StaffRole[]])),
  passwordHash: PasswordHash,
  /** Absent from older offices and from accounts whose password the office has not had in hand since. */
  vanKey: StaffVanKey.optional(),
  active: z.boolean(),
  updatedAt: IsoTime,
  _deleted: z.boolean(),
});
export type StaffDoc = z.infer<typeof StaffDoc>;

/** Written by the office once a scan file's SHA-256 is verified; the van pulls it to mark the scan done. */
export const ScanAckDoc = z.strictObject({
  id: Sha256Hex,
  sha256: Sha256Hex,
  bytes: z.number().int().nonnegative(),
  verifiedAt: IsoTime,
  _deleted: z.boolean(),
});
export type ScanAckDoc = z.infer<typeof ScanAckDoc>;
