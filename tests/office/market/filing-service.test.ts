import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Actor } from '#domain/market/filing.ts';
import { FilingService } from '#server/office/market/filing-service.ts';
import { dbMarketStores } from '#server/office/market/db-market-store.ts';
import { openTestDb, testBackend } from '../../support/backend.ts';
import { BANK, DEV, draftFor, marketWorld, unitNo, type World } from './world.ts';

let w: World;
beforeEach(async () => {
  w = await marketWorld();
});
afterEach(() => w.close());

const office: Actor = { kind: 'office', id: 'staff-wangfang', name: '王芳', orgId: null, orgName: null };

async function fileOne(unitNumber = unitNo(1, 1, 1)) {
  const d = await w.filings.createDraft(DEV, draftFor(unitNumber, '2026-06-01'));
  if (!d.ok) throw new Error(d.error);
  const f = await w.filings.file(DEV, d.value.id);
  if (!f.ok) throw new Error(JSON.stringify(f.error));
  return { draft: d.value, filing: f.value };
}

describe('filing a contract', () => {
  it('numbers drafts in sequence and files one, ending the unit\'s new-home listing and writing the register', async () => {
    const before = await w.stores.listings.liveOf(unitNo(1, 1, 1));
    expect(before?.kind).toBe('new-home');
    const { draft, filing } = await fileOne();
    expect(draft.contractNumber).toBe('YS20260000001');
    expect(filing).toMatchObject({ contractNumber: 'YS20260000001', status: 'active', filedOn: '2026-06-05' });
    await w.worker.tick();
    expect(await w.stores.listings.liveOf(unitNo(1, 1, 1))).toBeUndefined();
    expect((await w.stores.listings.listing(before?.id ?? ''))?.endReason).toBe('filed');
    expect(w.register.written).toEqual([{ kind: 'filed', unitNumber: unitNo(1, 1, 1), filingId: filing.id, contractNumber: 'YS20260000001', buyers: ['张国强', '李秀梅'], filedOn: '2026-06-05' }]);
  });

  it('refuses a second contract on the same unit, naming the first', async () => {
    await fileOne();
    const second = await w.filings.createDraft(DEV, draftFor(unitNo(1, 1, 1), '2026-06-02'));
    if (!second.ok) throw new Error(second.error);
    expect(second.value.contractNumber).toBe('YS20260000002');
    expect(await w.filings.file(DEV, second.value.id)).toEqual({ ok: false, error: { code: 'already-filed', contractNumber: 'YS20260000001' } });
  });

  it('lets only one of two contracts filed at the same instant stand: the database refuses the other, naming it', async () => {
    const a = await w.filings.createDraft(DEV, draftFor(unitNo(1, 2, 1), '2026-06-01'));
    const b = await w.filings.createDraft(DEV, draftFor(unitNo(1, 2, 1), '2026-06-01'));
    if (!a.ok || !b.ok) throw new Error('drafts');
    // Both pass the checks before either writes (the checks read no active filing), as on two servers.
    const results = await Promise.all([w.filings.file(DEV, a.value.id), w.filings.file(DEV, b.value.id)]);
    const stood = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(stood).toHaveLength(1);
    const winner = stood[0]?.ok ? stood[0].value.contractNumber : '';
    expect(refused).toEqual([{ ok: false, error: { code: 'already-filed', contractNumber: winner } }]);
  });

  // Several office servers share one PostgreSQL; a SQLite file has one office server.
  it.runIf(testBackend() === 'postgres')('lets only one stand when two office servers, each with its own connection, file the same unit at once', async () => {
    const second = await openTestDb(w.dataDir);
    const other = dbMarketStores(second.db);
    try {
      const otherService = new FilingService(other, w.register, w.clock, () => undefined);
      const a = await w.filings.createDraft(DEV, draftFor(unitNo(1, 4, 1), '2026-06-01'));
      const b = await otherService.createDraft(DEV, draftFor(unitNo(1, 4, 1), '2026-06-01'));
      if (!a.ok || !b.ok) throw new Error('drafts');
      const results = await Promise.all([w.filings.file(DEV, a.value.id), otherService.file(DEV, b.value.id)]);
      const stood = results.flatMap((r) => (r.ok ? [r.value.contractNumber] : []));
      expect(stood).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: { code: 'already-filed', contractNumber: stood[0] } }]);
      expect((await other.filings.activeFilingOf(unitNo(1, 4, 1)))?.contractNumber).toBe(stood[0]);
    } finally {
      await second.db.close();
    }
  });

  it('is held by the database itself: a second active filing of a unit is refused by its unique index', async () => {
    const { filing } = await fileOne(unitNo(1, 5, 1));
    const d = await w.filings.createDraft(DEV, draftFor(unitNo(1, 5, 1), '2026-06-01'));
    if (!d.ok) throw new Error(d.error);
    const events = await w.stores.filings.events(filing.id);
    const first = events[0];
    if (!first) throw new Error('no first event');
    // Straight to the store, past every check of the service: only the index stands in the way.
    const r = await w.stores.filings.file(d.value.id, { ...filing, id: 'filing-second', contractNumber: d.value.contractNumber }, first);
    expect(r).toEqual({ ok: false, standing: filing.contractNumber });
    expect((await w.stores.filings.draft(d.value.id))?.status).toBe('draft');
  });

  it('refuses a unit outside the permit, a seized unit, and another developer\'s unit', async () => {
    const outside = await w.filings.createDraft(DEV, draftFor(unitNo(2, 1, 1), '2026-06-01'));
    if (!outside.ok) throw new Error(outside.error);
    expect(await w.filings.file(DEV, outside.value.id)).toEqual({ ok: false, error: { code: 'not-for-sale', basis: 'no-permit' } });
    w.register.set(unitNo(1, 3, 1), { seizure: { court: '佳木斯市中级人民法院', noticeNumber: '（2026）黑08执12号' } });
    const seized = await w.filings.createDraft(DEV, draftFor(unitNo(1, 3, 1), '2026-06-01'));
    if (!seized.ok) throw new Error(seized.error);
    expect(await w.filings.file(DEV, seized.value.id)).toEqual({ ok: false, error: { code: 'seized', court: '佳木斯市中级人民法院', noticeNumber: '（2026）黑08执12号' } });
    const stranger: Actor = { ...DEV, orgId: 'dev-9' };
    expect(await w.filings.createDraft(stranger, draftFor(unitNo(1, 4, 1), '2026-06-01'))).toEqual({ ok: false, error: 'not-own-unit' });
  });
});

describe('the life of a filing', () => {
  it('is cancelled only with every buyer\'s consent, which frees the unit for sale again', async () => {
    const { filing } = await fileOne();
    // The register is written with the filing as it is when the worker gets to it: a round after the cancellation
    // alone would write 'ended' for both items (under load a wake-up's round came that late).
    await w.worker.tick();
    const buyer: Actor = { kind: 'buyer', id: 'card', name: '买受人', orgId: null, orgName: null };
    expect((await w.filings.act(DEV, filing.id, { kind: 'request-cancel', reason: '买受人放弃购买' })).ok).toBe(true);
    const one = await w.filings.act(buyer, filing.id, { kind: 'consent-cancel', consent: { idNumber: '230804197803120414', via: 'card-reader', stationId: 's1', readAt: '2026-06-05T02:00:00.000Z' } });
    expect(one.ok && one.value.state.status).toBe('active');
    const both = await w.filings.act(office, filing.id, { kind: 'consent-cancel', consent: { idNumber: '230803198509211620', via: 'counter', staffId: office.id } });
    expect(both.ok && both.value.state.status).toBe('cancelled');
    expect(await w.stores.filings.activeFilingOf(unitNo(1, 1, 1))).toBeUndefined();
    await w.worker.tick();
    expect((await w.stores.listings.liveOf(unitNo(1, 1, 1)))?.kind).toBe('new-home');
    expect(w.register.written.map((x) => x.kind)).toEqual(['filed', 'ended']);
    const again = await w.filings.createDraft(DEV, draftFor(unitNo(1, 1, 1), '2026-06-04'));
    expect(again.ok && (await w.filings.file(DEV, again.value.id)).ok).toBe(true);
  });

  it('is changed only with the consent of both its buyers, and the change records what it was before', async () => {
    const { filing } = await fileOne();
    const change = (consents: { idNumber: string; via: 'counter'; staffId: string }[]) =>
      w.filings.act(DEV, filing.id, { kind: 'change', after: { deliveryOn: '2028-06-30' }, reason: '工期顺延半年', consents });
    const atCounter = (idNumber: string) => ({ idNumber, via: 'counter' as const, staffId: office.id });
    // One of the two buyers (张国强, 李秀梅) is not enough, nor is the first buyer with someone who bought nothing.
    expect(await change([atCounter('230804197803120414')])).toEqual({ ok: false, error: 'consent-missing' });
    expect(await change([atCounter('230804197803120414'), atCounter('230822196201050832')])).toEqual({ ok: false, error: 'consent-missing' });
    const unchanged = await w.filings.view(filing.id);
    expect(unchanged?.events.map((e) => e.kind)).toEqual(['filed']);
    expect(unchanged?.state.terms.deliveryOn).toBe('2027-12-31');
    // Both, in either order: the change stands.
    const both = await change([atCounter('230803198509211620'), atCounter('230804197803120414')]);
    if (!both.ok) throw new Error(both.error);
    expect(both.value.state.terms.deliveryOn).toBe('2028-06-30');
    expect(both.value.events.at(-1)).toMatchObject({ kind: 'changed', before: { deliveryOn: '2027-12-31' }, after: { deliveryOn: '2028-06-30' }, reason: '工期顺延半年' });
    expect(both.value.state.status).toBe('active');
  });

  it('is closed by the 登簿 that registers its buyers as owners, and by nothing else', async () => {
    const { filing } = await fileOne();
    const unit = unitNo(1, 1, 1);
    const transfer = { caseId: 'case-9', caseNumber: 'JMS2026-000901', registeredAt: '2026-06-05T03:00:00.000Z' };
    // The worker hears of every register change, as the office's does.
    w.worker.start();
    w.register.set(unit, { holderIds: ['230822196201050832'], holderCount: 1, ownershipCase: transfer });
    await w.worker.tick();
    expect((await w.stores.filings.filing(filing.id))?.status).toBe('active');
    w.register.set(unit, { holderIds: ['230804197803120414', '230803198509211620'], holderCount: 2, ownershipCase: transfer });
    await w.worker.tick();
    const closed = await w.filings.view(filing.id);
    expect(closed?.state.status).toBe('closed');
    expect(closed?.events.at(-1)).toMatchObject({ kind: 'closed', caseId: 'case-9', caseNumber: 'JMS2026-000901', actor: { kind: 'registration' } });
    expect(w.register.written.map((x) => x.kind)).toEqual(['filed', 'ended']);
    // The unit was sold: its new-home listing does not come back.
    expect(await w.stores.listings.liveOf(unit)).toBeUndefined();
  });

  it('shows a bank only the filing it names by contract number and buyer ID, and tells it of changes', async () => {
    const { filing } = await fileOne();
    expect(await w.filings.bankLookup(BANK, 'YS20260000001', '230822196201050832')).toBeUndefined();
    expect(await w.filings.bankLookup(BANK, 'YS20269999999', '230804197803120414')).toBeUndefined();
    const seen = await w.filings.bankLookup(BANK, 'ys20260000001', '230804197803120414');
    expect(seen?.row.id).toBe(filing.id);
    const pm = await w.filings.act(BANK, filing.id, { kind: 'pre-mortgage', loanFen: 42_630_560, mortgageContractNumber: 'JH-2026-0001' });
    expect(pm.ok && pm.value.state.preMortgage?.bankName).toBe('中国建设银行佳木斯分行');
    const changed = await w.filings.act(DEV, filing.id, {
      kind: 'change',
      after: { deliveryOn: '2028-06-30' },
      reason: '工期顺延半年',
      consents: [
        { idNumber: '230804197803120414', via: 'counter', staffId: 'staff-wangfang' },
        { idNumber: '230803198509211620', via: 'counter', staffId: 'staff-wangfang' },
      ],
    });
    expect(changed.ok).toBe(true);
    const notices = await w.stores.filings.notices('bank-1', 10);
    expect(notices.map((n) => [n.contractNumber, n.kind])).toEqual([
      ['YS20260000001', 'changed'],
      ['YS20260000001', 'pre-mortgage-recorded'],
    ]);
    expect(await w.stores.filings.notices('bank-2', 10)).toEqual([]);
  });
});
