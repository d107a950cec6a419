import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealEvent } from '#domain/case/hash-chain.ts';
import { type AcceptedPayload, type CaseEvent, type CaseEventBody, type CaseEventKind, CASE_EVENT_KINDS, mayAuthor } from '#domain/case/events.ts';
import { EVENT_PAYLOAD_SCHEMAS, checkEventPayload } from '#protocol/documents/event-payloads.ts';
import { API_BASE } from '#protocol/version.ts';
import { DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { domainEventRules } from '#server/domain-rules.ts';
import { checkStored, preparePush } from '#server/sync/push.ts';
import { appendCaseEvent, InvalidEventPayloadError } from '#renderer/db/case-events.ts';
import { enrollDevice, openTestVan, protocolHeaders, removeDir, startOffice, type RunningOffice } from './helpers.ts';

const intake: AcceptedPayload = {
  caseNumber: 'JMS-2026-000123', queryCode: 'Q8K2M4', businessKind: 'transfer', use: 'residential',
  applicants: [{ name: '王秀英', idType: 'resident-id', idNumber: '230803194501012345', side: 'holder', fromCard: true }],
  units: [{ unitNumber: '230803001001GB00001F00010001', address: '佳木斯市向阳区长安路1号', snapshotAt: '2026-11-29T08:00:00+08:00' }],
  materials: [{ key: 'id-card', name: '身份证明', original: false, count: 1, pages: 1, scanIds: ['scan-1'] }],
  certificates: 1,
};

/** A valid payload of every kind, and one malformed field per kind (the path the refusal must name). */
const SAMPLES: { [K in CaseEventKind]: { valid: Extract<CaseEventBody, { kind: K }>['payload']; bad: Record<string, unknown>; field: string } } = {
  accepted: { valid: intake, bad: { ...intake, applicants: [{ ...intake.applicants[0], idType: 'library-card' }] }, field: 'applicants.0.idType' },
  'materials-received': { valid: { materials: [], complete: true }, bad: { materials: [], complete: 'yes' }, field: 'complete' },
  'correction-notified': {
    valid: { missing: [{ key: 'contract', name: '买卖合同', problem: 'missing' }], intake: { ...intake, applicants: [], units: [], materials: [] } },
    bad: { missing: [{ key: 'contract', name: '买卖合同', problem: 'lost' }], intake },
    field: 'missing.0.problem',
  },
  'intake-refused': {
    valid: { reason: '不属于本机构登记范围', ground: 'outside-area', basis: '《不动产登记暂行条例》第十七条', referTo: '富锦市不动产登记机构', intake },
    bad: { reason: '不属于本机构登记范围', ground: 'far-away' },
    field: 'ground',
  },
  'fee-charged': {
    valid: { receiptCode: '黑财01', receiptNumber: 'JMS2026-001001', payer: '王秀英', items: [{ name: '登记费', amountFen: 8000 }], totalFen: 8000, method: 'cash', rules: 'fees-2026' },
    bad: { receiptCode: '黑财01', receiptNumber: 'JMS2026-001001', payer: '王秀英', items: [{ name: '登记费', amountFen: 80.5 }], totalFen: 8000, method: 'cash', rules: 'fees-2026' },
    field: 'items.0.amountFen',
  },
  'receipt-voided': { valid: { receiptNumber: 'JMS2026-001001', reason: '金额有误' }, bad: { receiptNumber: '', reason: '金额有误' }, field: 'receiptNumber' },
  'receipt-reprinted': { valid: { receiptNumber: 'JMS2026-001001' }, bad: { receiptNumber: 1001 }, field: 'receiptNumber' },
  withdrawn: { valid: { reason: '申请人撤回' }, bad: { reason: null }, field: 'reason' },
  'review-passed': { valid: { level: 1, opinion: '同意' }, bad: { level: 4, opinion: '同意' }, field: 'level' },
  'returned-for-correction': { valid: { level: 2, missing: [{ key: 'contract', name: '买卖合同' }], opinion: '缺合同' }, bad: { level: 2, missing: [{ key: 'contract' }], opinion: '缺合同' }, field: 'missing.0.name' },
  'registration-refused': { valid: { reason: '权属争议' }, bad: { reason: '权属争议', basis: 7 }, field: 'basis' },
  suspended: { valid: { reason: '等待法院文书' }, bad: { why: '等待法院文书' }, field: 'reason' },
  resumed: { valid: {}, bad: { reason: false }, field: 'reason' },
  registered: { valid: { unitStatusCheckedAt: '2026-12-01T10:00:00+08:00' }, bad: { unitStatusCheckedAt: '昨天' }, field: 'unitStatusCheckedAt' },
  'certificate-prepared': { valid: { certificateNumbers: ['黑(2026)佳木斯市不动产权第0001234号'] }, bad: { certificateNumbers: '0001234' }, field: 'certificateNumbers' },
  'certificate-issued': { valid: { collectorName: '王秀英' }, bad: { collectorName: '' }, field: 'collectorName' },
  archived: { valid: { archiveNumber: 'A-2026-1' }, bad: { archiveNumber: ['A'] }, field: 'archiveNumber' },
  flagged: { valid: { code: 'other', message: '需人工核对' }, bad: { code: 'meteor', message: '需人工核对' }, field: 'code' },
  'fee-refunded': {
    valid: { receiptNumber: 'JMS2026-001001', refundNumber: 'TF-JMS2026-001001', amountFen: 8000, method: 'cash', reason: '申请人撤回', ground: 'withdrawn' },
    bad: { receiptNumber: 'JMS2026-001001', refundNumber: 'TF-JMS2026-001001', amountFen: 8000, method: 'cash', reason: '申请人撤回', ground: 'changed-mind' },
    field: 'ground',
  },
  'interview-recorded': {
    valid: { interviewee: '王秀英', answers: [{ question: '是否为您的真实意思表示？', answer: '是' }], signatureScanId: 'a'.repeat(64) },
    bad: { interviewee: '王秀英', answers: [], signatureScanId: 'a'.repeat(64) },
    field: 'answers',
  },
  'inspection-recorded': {
    valid: { ground: 'destroyed', findings: '房屋已拆除', matchesApplication: true, photoScanIds: [], signatureScanId: 'b'.repeat(64) },
    bad: { ground: 'destroyed', findings: '房屋已拆除', matchesApplication: 'yes', photoScanIds: [], signatureScanId: 'b'.repeat(64) },
    field: 'matchesApplication',
  },
  'flag-cleared': { valid: { code: 'seized-after-acceptance', reason: '已解封' }, bad: { code: 'seized-after-acceptance' }, field: 'reason' },
  'publication-started': { valid: { reason: '首次登记公告', workingDays: 15 }, bad: { reason: '首次登记公告', workingDays: 0 }, field: 'workingDays' },
  'publication-ended': { valid: { objections: false }, bad: { objections: 'none' }, field: 'objections' },
  'notice-issued': { valid: { notice: 'acceptance', sha256: 'a'.repeat(64), pages: 2 }, bad: { notice: 'acceptance', sha256: 'not-a-hash', pages: 2 }, field: 'sha256' },
};

/** The office's reason for refusing each van kind's malformed sample: the event by its name, the field by its label. */
const REFUSED: Partial<Record<CaseEventKind, string>> = {
  accepted: '案件记录“受理”的内容不合格：申请人证件类型：格式不对',
  'materials-received': '案件记录“收件”的内容不合格：材料是否收齐：格式不对',
  'correction-notified': '案件记录“一次性补正告知”的内容不合格：补正类型：格式不对',
  'intake-refused': '案件记录“不予受理”的内容不合格：不予受理的情形：格式不对',
  'fee-charged': '案件记录“收费”的内容不合格：收费金额：格式不对',
  'receipt-voided': '案件记录“票据作废”的内容不合格：收据号码：请填写',
  'receipt-reprinted': '案件记录“票据重打印”的内容不合格：收据号码：格式不对',
  withdrawn: '案件记录“申请人撤回”的内容不合格：撤回原因：格式不对',
  'fee-refunded': '案件记录“退费”的内容不合格：退费原因：格式不对',
  'interview-recorded': '案件记录“询问记录”的内容不合格：询问内容：太少',
  'inspection-recorded': '案件记录“实地查看记录”的内容不合格：与申请内容是否一致：格式不对',
  'notice-issued': '案件记录“出具书面凭证”的内容不合格：文件校验值：格式不对',
};

describe('case event payload schemas', () => {
  it('cover every event kind, accept a well-formed payload and name the malformed field', () => {
    expect(Object.keys(EVENT_PAYLOAD_SCHEMAS).sort()).toEqual([...CASE_EVENT_KINDS].sort());
    for (const kind of CASE_EVENT_KINDS) {
      const sample = SAMPLES[kind];
      expect(checkEventPayload(kind, sample.valid), kind).toBeNull();
      expect(checkEventPayload(kind, sample.bad)?.path, kind).toBe(sample.field);
    }
  });

  it('accept a field this version does not know (hashed as sent, never stripped)', () => {
    expect(checkEventPayload('withdrawn', { reason: '撤回', addedLater: 1 })).toBeNull();
  });
});

describe('the office', () => {
  let office: RunningOffice;
  beforeAll(async () => {
    office = await startOffice();
  });
  afterAll(async () => {
    await office.close();
    removeDir(office.dataDir);
  });

  const vanKinds = CASE_EVENT_KINDS.filter((k) => mayAuthor('van', k));
  const seal = (deviceId: string, seq: number, prevHash: string | null, kind: CaseEventKind, payload: unknown): CaseEvent =>
    sealEvent({ id: `${deviceId}-${seq}`, caseId: 'case-p', deviceId, seq, at: '2026-11-30T10:00:00+08:00', actor: 'staff-zhangwei', prevHash, kind, payload } as never);
  const push = (token: string, events: CaseEvent[]) =>
    fetch(`${office.url}${API_BASE}/sync/caseEvents/push`, {
      method: 'POST',
      headers: protocolHeaders(token),
      body: JSON.stringify(events.map((e) => ({ newDocumentState: { ...e, _deleted: false } }))),
    });

  it('refuses a malformed payload of each van event kind with a reason naming the field, and stores nothing', async () => {
    const d = await enrollDevice(office.url, 'payloads');
    const first = seal(d.deviceId, 1, null, 'withdrawn', { reason: '测试' });
    expect((await push(d.token, [first])).status).toBe(200);
    const before = (await office.storage.listDocuments('caseEvents')).map((x) => `${x.id}:${x.seq}`).sort();
    for (const kind of vanKinds) {
      const bad = seal(d.deviceId, 2, first.hash, kind, SAMPLES[kind].bad);
      const res = await push(d.token, [bad]);
      expect(res.status, kind).toBe(422);
      const body = (await res.json()) as { rejected: { id: string; code: string; reason: string }[] };
      // Staff read it on the van: the event and its field by their Chinese names, not `payload.complete` or zod's English.
      expect(body.rejected, kind).toEqual([{ id: bad.id, code: 'invalid-payload', reason: REFUSED[kind] }]);
      expect(body.rejected[0]?.reason).not.toMatch(/[A-Za-z]{3,}/);
    }
    expect((await office.storage.listDocuments('caseEvents')).map((x) => `${x.id}:${x.seq}`).sort()).toEqual(before);
    expect(await office.storage.countDeviceEvents(d.deviceId)).toBe(1);
    // Each well-formed payload of a van kind is accepted, in one chain.
    let prev = first;
    const good = vanKinds.map((kind, i) => (prev = seal(d.deviceId, i + 2, prev.hash, kind, SAMPLES[kind].valid)));
    expect((await push(d.token, good)).status).toBe(200);
    expect(await office.storage.countDeviceEvents(d.deviceId)).toBe(1 + vanKinds.length);
  });

  it('still answers a repeat of an event it stored before payloads were checked as a duplicate', async () => {
    const d = await enrollDevice(office.url, 'stored-before');
    const old = seal(d.deviceId, 1, null, 'withdrawn', { note: 'written by an older van version' });
    // Stored the way a protocol-1 office stored it: every rule except the payload check.
    const device = { id: d.deviceId, vanId: DEMO_VAN_ID };
    const { docs, rejections } = await preparePush('caseEvents', device, [{ newDocumentState: { ...old, _deleted: false } }], domainEventRules);
    expect(rejections).toEqual([]);
    const outcome = await office.storage.pushVanDocuments({ collection: 'caseEvents', deviceId: d.deviceId, vanId: DEMO_VAN_ID, now: new Date().toISOString(), docs, check: () => [] });
    expect(outcome.ok).toBe(true);
    const nothingStored = { document: () => undefined, receiptWithNumber: () => undefined, caseOwner: () => undefined, tripsOfVan: () => [], grantsOf: () => [] };
    expect(checkStored(nothingStored, docs, domainEventRules, device)).toEqual([
      expect.objectContaining({ code: 'invalid-payload' }),
    ]);
    expect((await push(d.token, [old])).status).toBe(200);
    expect(await office.storage.countDeviceEvents(d.deviceId)).toBe(1);
  });
});

describe('the van', () => {
  it('refuses to append an event with a malformed payload and leaves its chain unchanged', async () => {
    const db = await openTestVan();
    try {
      const ok = await appendCaseEvent(db, 'dev-p', { id: 'p-1', caseId: 'c', at: '2026-11-30T10:00:00+08:00', actor: 'staff-zhangwei', kind: 'withdrawn', payload: { reason: '撤回' } });
      const bad = appendCaseEvent(db, 'dev-p', { id: 'p-2', caseId: 'c', at: '2026-11-30T10:01:00+08:00', actor: 'staff-zhangwei', kind: 'fee-charged', payload: SAMPLES['fee-charged'].bad });
      await expect(bad).rejects.toBeInstanceOf(InvalidEventPayloadError);
      await expect(bad).rejects.toThrow('items.0.amountFen');
      const next = await appendCaseEvent(db, 'dev-p', { id: 'p-3', caseId: 'c', at: '2026-11-30T10:02:00+08:00', actor: 'staff-zhangwei', kind: 'withdrawn', payload: { reason: '再次撤回' } });
      expect(await db.caseEvents.count().exec()).toBe(2);
      expect(next).toMatchObject({ seq: 2, prevHash: ok.hash });
    } finally {
      await db.remove();
    }
  });
});
