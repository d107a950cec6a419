import { type BusinessKind, type PropertyUse } from '#domain/business/business-kinds.ts';

/**
 * The append-only case events (docs/architecture.md). A case's status is a projection of its events
 * (lifecycle.ts); corrections are new events, never edits.
 */
export type CaseEventKind =
  // On the van (or at the office counter)
  | 'accepted' // 受理
  | 'materials-received' // 收件 (materials supplied later, e.g. after 补正)
  | 'correction-notified' // 一次性补正告知 at intake: not accepted until supplied
  | 'intake-refused' // 不予受理
  | 'fee-charged' // 收费
  | 'receipt-voided' // 作废
  | 'receipt-reprinted' // 重打印
  | 'withdrawn' // 撤回 (by the applicant, before 登簿; recorded on either side)
  | 'fee-refunded' // 退费 after 撤回 or 不予登记 (recorded on either side)
  | 'interview-recorded' // 询问记录, signed by the person asked
  | 'inspection-recorded' // 实地查看记录 (条例 第19条)
  | 'notice-issued' // 受理通知书 (or the written refusal) handed over: an intake counts from here (条例 第十七条)
  // At the office
  | 'review-passed' // 初审 / 复审 / 审批
  | 'returned-for-correction' // 补正 during review
  | 'registration-refused' // 不予登记
  | 'suspended' // 暂停
  | 'resumed'
  | 'registered' // 登簿
  | 'certificate-prepared' // 缮证
  | 'certificate-issued' // 发证
  | 'archived' // 归档
  | 'flagged' // e.g. a seizure found after an offline acceptance
  | 'flag-cleared' // the cause of a flag is gone (e.g. 解封), with the reason
  | 'publication-started' // 公告 before 登簿 (实施细则 第17条); its days are not counted in the time limit
  | 'publication-ended';

export const CASE_EVENT_KINDS: readonly CaseEventKind[] = [
  'accepted', 'materials-received', 'correction-notified', 'intake-refused', 'fee-charged', 'receipt-voided',
  'receipt-reprinted', 'withdrawn', 'review-passed', 'returned-for-correction', 'registration-refused', 'suspended',
  'resumed', 'registered', 'certificate-prepared', 'certificate-issued', 'archived', 'flagged',
  'fee-refunded', 'interview-recorded', 'inspection-recorded', 'flag-cleared', 'publication-started', 'publication-ended',
  'notice-issued',
];

export const CASE_EVENT_TEXT: Record<CaseEventKind, string> = {
  accepted: '受理',
  'materials-received': '收件',
  'correction-notified': '一次性补正告知',
  'intake-refused': '不予受理',
  'fee-charged': '收费',
  'receipt-voided': '票据作废',
  'receipt-reprinted': '票据重打印',
  withdrawn: '申请人撤回',
  'review-passed': '审核通过',
  'returned-for-correction': '退回补正',
  'registration-refused': '不予登记',
  suspended: '暂停',
  resumed: '恢复办理',
  registered: '登簿',
  'certificate-prepared': '缮证',
  'certificate-issued': '发证',
  archived: '归档',
  flagged: '异常标记',
  'fee-refunded': '退费',
  'interview-recorded': '询问记录',
  'inspection-recorded': '实地查看记录',
  'flag-cleared': '异常标记解除',
  'publication-started': '公告',
  'publication-ended': '公告期满',
  'notice-issued': '出具书面凭证',
};

const REVIEW_LEVEL_TEXT: Record<1 | 2 | 3, string> = { 1: '初审', 2: '复审', 3: '审批' };

/**
 * An event as staff read it in a history: the kind, and for a review its level (初审通过, 复审退回补正),
 * never "审核通过 审查级别：2".
 */
export function caseEventLabel(e: { kind: string; payload?: unknown }): string {
  if (!isCaseEventKind(e.kind)) return e.kind;
  const level = (e.payload as { level?: unknown } | undefined)?.level;
  const levelText = level === 1 || level === 2 || level === 3 ? REVIEW_LEVEL_TEXT[level] : null;
  if (levelText && e.kind === 'review-passed') return `${levelText}通过`;
  if (levelText && e.kind === 'returned-for-correction') return `${levelText}退回补正`;
  return CASE_EVENT_TEXT[e.kind];
}

export type AuthorSide = 'van' | 'office';

const VAN_KINDS: ReadonlySet<CaseEventKind> = new Set<CaseEventKind>([
  'accepted', 'materials-received', 'correction-notified', 'intake-refused', 'fee-charged', 'receipt-voided',
  'receipt-reprinted', 'withdrawn', 'fee-refunded', 'interview-recorded', 'inspection-recorded', 'notice-issued',
]);
const OFFICE_KINDS: ReadonlySet<CaseEventKind> = new Set<CaseEventKind>([
  'materials-received', 'withdrawn', 'review-passed', 'returned-for-correction', 'registration-refused', 'suspended',
  'resumed', 'registered', 'certificate-prepared', 'certificate-issued', 'archived', 'flagged',
  'fee-refunded', 'flag-cleared', 'publication-started', 'publication-ended',
]);

/** Whether a side may author an event of this kind: a van can never push a review result. */
export function mayAuthor(side: AuthorSide, kind: CaseEventKind): boolean {
  return (side === 'van' ? VAN_KINDS : OFFICE_KINDS).has(kind);
}

export function isCaseEventKind(value: string): value is CaseEventKind {
  return (CASE_EVENT_KINDS as readonly string[]).includes(value);
}

export type IdDocumentType = 'resident-id' | 'hmt-residence-permit' | 'foreign-permanent-residence' | 'passport' | 'business-license' | 'other';

/** 权利人 (holder: receives the right, pays in a joint application) or 义务人 (obligor: gives it up). */
export type ApplicantSide = 'holder' | 'obligor';

/**
 * Who acts for an applicant who does not apply in person: a 监护人 for an adult without full capacity or a
 * minor (《不动产登记暂行条例实施细则》第十一条), or a 委托代理人 holding a 授权委托书 (条例 第十六条第一款第（二）项,
 * 实施细则 第十二条).
 */
export type RepresentativeKind = 'guardian' | 'agent';

export type Representative = {
  kind: RepresentativeKind;
  name: string;
  idType: IdDocumentType;
  idNumber: string;
  /** How the guardian is related, or what the power of attorney covers, as written on its proof. */
  relation: string;
  fromCard?: boolean;
};

export type Applicant = {
  name: string;
  idType: IdDocumentType;
  idNumber: string;
  side: ApplicantSide;
  phone?: string;
  /** Read from the ID card rather than typed. */
  fromCard?: boolean;
  /** Present when someone acts for this applicant. */
  representative?: Representative;
};

export type UnitRef = {
  unitNumber: string; // 28-char 不动产单元号
  address: string;
  /** The unit's own use: each unit is its own 件 (2559号 三). Absent in intakes written before it was recorded. */
  use?: PropertyUse;
  certificateNumber?: string;
  /** When the van's copy of the unit's status was taken at the office. */
  snapshotAt: string;
};

export type ReceivedMaterial = {
  key: string; // domain/materials key
  name: string;
  original: boolean;
  count: number;
  pages: number;
  scanIds: string[];
};

export type FeeItem = { name: string; amountFen: number; basis?: string };

/** How a fee was paid: cash, bank card, or a QR code (扫码) of one of the three payment channels. */
export type PaymentMethod = 'cash' | 'bank-card' | 'wechat' | 'alipay' | 'unionpay';

export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'bank-card', 'wechat', 'alipay', 'unionpay'];

export const PAYMENT_METHOD_TEXT: Record<PaymentMethod, string> = { cash: '现金', 'bank-card': '银行卡', wechat: '微信', alipay: '支付宝', unionpay: '云闪付' };

/** A QR payment is matched against the channel's statement by its transaction reference, so it must carry one. */
export const isQrPayment = (method: PaymentMethod): boolean => method === 'wechat' || method === 'alipay' || method === 'unionpay';

/** Why a 转移登记 is applied for; 继承/受遗赠 is applied for by one side alone (条例 第十四条第二款第（二）项). */
export type TransferCause = 'sale' | 'gift' | 'exchange' | 'inheritance' | 'court-order' | 'other';

export type AcceptedPayload = {
  caseNumber: string;
  queryCode: string;
  businessKind: BusinessKind;
  use: PropertyUse;
  applicants: Applicant[];
  units: UnitRef[];
  materials: ReceivedMaterial[];
  /** Special fee case (减半/免收/只收工本费) key from domain/fees, with the reason recorded. */
  feeCase?: { key: string; reason: string };
  certificates: number;
  /** For a 转移登记: why the right moves. */
  cause?: TransferCause;
  /** The 承诺时限 printed on the notice, in working days: the office measures itself against the promise it made. */
  promisedDays?: number;
  /**
   * Written before the notice (the fee is taken first): the case counts as accepted only once its
   * `notice-issued` event follows, so an intake abandoned at payment is never an accepted case. Absent on
   * intakes whose notice came with them (older vans, the office counter).
   */
  awaitsNotice?: true;
};

/** The written answer handed over at the counter (条例 第十七条), archived on the van by its content hash. */
export type IssuedNotice = { notice: 'acceptance' | 'correction' | 'refusal'; sha256: string; pages: number };

/** Why an application was refused at the counter (条例 第十七条第一款第（三）、（四）项; see domain/case/intake-decision.ts). */
export type IntakeRefusalGround = 'seized' | 'advance-notice' | 'in-progress' | 'filed-contract' | 'outside-area' | 'materials';

export type ShortfallLine = { key: string; name: string; problem: 'missing' | 'defective'; note?: string; basis?: string };

export type FlagCode = 'seized-after-acceptance' | 'unit-status-changed' | 'chain-broken' | 'other';

/** What the person asked answered (询问记录), question by question, as they signed it. */
export type InterviewAnswer = { question: string; answer: string };

/** 条例 第十九条: the cases where the office may go and look, and any other it thinks needs it. */
export type InspectionGround = 'first-building' | 'mortgage-under-construction' | 'destroyed' | 'other';

export type CaseEventBody =
  | { kind: 'accepted'; payload: AcceptedPayload }
  | { kind: 'materials-received'; payload: { materials: ReceivedMaterial[]; complete: boolean } }
  | { kind: 'correction-notified'; payload: { missing: ShortfallLine[]; intake: AcceptedPayload } }
  | {
      kind: 'intake-refused';
      payload: { reason: string; ground?: IntakeRefusalGround; basis?: string; referTo?: string; intake?: AcceptedPayload };
    }
  | { kind: 'fee-charged'; payload: { receiptCode: string; receiptNumber: string; payer: string; items: FeeItem[]; totalFen: number; method: PaymentMethod; rules: string; transactionRef?: string; tripId?: string } }
  | { kind: 'receipt-voided'; payload: { receiptNumber: string; reason: string } }
  | { kind: 'receipt-reprinted'; payload: { receiptNumber: string; reason?: string } }
  | { kind: 'withdrawn'; payload: { reason: string } }
  | {
      kind: 'fee-refunded';
      /** `tripId`: the trip whose cash paid it (refunds made on the van), for that trip's reconciliation. */
      payload: { receiptNumber: string; refundNumber: string; amountFen: number; method: PaymentMethod; reason: string; ground: 'withdrawn' | 'registration-refused'; tripId?: string };
    }
  | { kind: 'interview-recorded'; payload: { interviewee: string; answers: InterviewAnswer[]; signatureScanId: string } }
  | {
      kind: 'inspection-recorded';
      payload: { ground: InspectionGround; findings: string; matchesApplication: boolean; photoScanIds: string[]; signatureScanId: string };
    }
  | { kind: 'review-passed'; payload: { level: 1 | 2 | 3; opinion: string; outOfOrderReason?: string } }
  | { kind: 'returned-for-correction'; payload: { level: 1 | 2 | 3; missing: { key: string; name: string; note?: string }[]; opinion: string } }
  | { kind: 'registration-refused'; payload: { reason: string; basis?: string } }
  | { kind: 'suspended'; payload: { reason: string } }
  | { kind: 'resumed'; payload: { reason?: string } }
  | { kind: 'registered'; payload: { unitStatusCheckedAt: string } }
  | { kind: 'certificate-prepared'; payload: { certificateNumbers: string[] } }
  | { kind: 'certificate-issued'; payload: { collectorName: string; collectorIdNumber?: string } }
  | { kind: 'archived'; payload: { archiveNumber?: string } }
  | { kind: 'flagged'; payload: { code: FlagCode; message: string } }
  | { kind: 'flag-cleared'; payload: { code: FlagCode; reason: string } }
  | { kind: 'publication-started'; payload: { reason: string; workingDays: number } }
  | { kind: 'publication-ended'; payload: { objections: boolean; note?: string } }
  | { kind: 'notice-issued'; payload: IssuedNotice };

/** Envelope fields every event carries. `actor` is the staff id; `seq` counts each device's events from 1. */
export type CaseEventEnvelope = {
  id: string;
  caseId: string;
  deviceId: string;
  seq: number;
  at: string;
  actor: string;
  /** Hash of this device's previous event; null for its first (genesis). */
  prevHash: string | null;
  hash: string;
};

export type CaseEvent = CaseEventEnvelope & CaseEventBody;

export type UnhashedCaseEvent = Omit<CaseEventEnvelope, 'hash'> & CaseEventBody;

/** The event of a given kind. */
export type CaseEventOf<K extends CaseEventKind> = CaseEventEnvelope & Extract<CaseEventBody, { kind: K }>;
