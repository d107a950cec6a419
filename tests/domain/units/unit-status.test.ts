import { describe, expect, it } from 'vitest';
import { filedUnitStop } from '#domain/market/filed-unit.ts';
import { canProceed, UNIT_BLOCK_BASIS, UNIT_BLOCK_TEXT, type UnitStatus, unitBlockText } from '#domain/units/unit-status.ts';

const NOW = '2026-11-28T10:00:00+08:00';
const clean: UnitStatus = { seized: false, mortgaged: false, advanceNotice: false, inProgress: false, snapshotAt: '2026-11-28T07:00:00+08:00' };

describe('whether an application may go ahead on a unit', () => {
  it('lets a transfer of a clean unit go ahead, provisionally', () => {
    expect(canProceed('transfer', clean, { now: NOW })).toEqual({ ok: true, value: { requirements: [], warnings: ['provisional'], needsMortgageeConsent: false } });
  });

  it('blocks transfer, mortgage, 预告 and 地役权 on a seized unit (城市房地产管理法 第38条, 民法典 第399条), not a correction or another seizure', () => {
    // Mortgaged too, so the 抵押权转移 has a mortgage to act on: only the seizure stops it.
    const seized = { ...clean, seized: true, mortgaged: true };
    for (const kind of ['transfer', 'mortgage-first', 'mortgage-transfer', 'cancel', 'advance-notice', 'other'] as const) {
      expect(canProceed(kind, seized, { now: NOW })).toEqual({ ok: false, error: ['seized'] });
    }
    expect(canProceed('correction', seized, { now: NOW }).ok).toBe(true);
    expect(canProceed('seizure', seized, { now: NOW }).ok).toBe(true);
    expect(UNIT_BLOCK_TEXT.seized).toContain('查封');
    expect(UNIT_BLOCK_BASIS.seized).toBe('《中华人民共和国城市房地产管理法》第三十八条第（二）项、《中华人民共和国民法典》第三百九十九条第（五）项');
  });

  it('refuses a second 预告 on a unit that has one, unless its holder consents (实施细则 第八十五条)', () => {
    expect(canProceed('advance-notice', { ...clean, advanceNotice: true }, { now: NOW })).toEqual({ ok: false, error: ['advance-notice'] });
    expect(canProceed('advance-notice', { ...clean, advanceNotice: true }, { now: NOW, consents: { advanceNoticeHolder: true } }).ok).toBe(true);
    expect(UNIT_BLOCK_BASIS['advance-notice']).toContain('第八十五条');
  });

  it('stops 抵押权注销, 变更 and 转移 on a unit with no mortgage, and lets them go ahead on a mortgaged one', () => {
    for (const kind of ['mortgage-cancel', 'mortgage-change', 'mortgage-transfer'] as const) {
      expect(canProceed(kind, clean, { now: NOW })).toEqual({ ok: false, error: ['no-mortgage'] });
      expect(canProceed(kind, { ...clean, mortgaged: true }, { now: NOW }).ok).toBe(true);
    }
    expect(canProceed('mortgage-first', clean, { now: NOW }).ok).toBe(true);
    expect(UNIT_BLOCK_TEXT['no-mortgage']).toContain('没有抵押登记，不能办理抵押权变更、转移或注销登记');
  });

  it('blocks any disposal while another registration of the unit is in progress', () => {
    expect(canProceed('mortgage-first', { ...clean, inProgress: true }, { now: NOW })).toEqual({ ok: false, error: ['in-progress'] });
    expect(canProceed('change', { ...clean, inProgress: true }, { now: NOW }).ok).toBe(true);
  });

  it('blocks a disposal under 预告 unless the advance-notice holder consented in writing', () => {
    const noticed = { ...clean, advanceNotice: true };
    expect(canProceed('transfer', noticed, { now: NOW })).toEqual({ ok: false, error: ['advance-notice'] });
    const r = canProceed('transfer', noticed, { now: NOW, consents: { advanceNoticeHolder: true } });
    expect(r.ok && r.value.requirements).toEqual(['advance-notice-holder-consent']);
  });

  it('lets a mortgaged flat be transferred only with the mortgagee’s consent on file', () => {
    const r = canProceed('transfer', { ...clean, mortgaged: true }, { now: NOW });
    expect(r.ok && r.value).toMatchObject({ requirements: ['mortgagee-consent'], needsMortgageeConsent: true });
    const consented = canProceed('transfer', { ...clean, mortgaged: true }, { now: NOW, consents: { mortgagee: true } });
    expect(consented.ok && consented.value.needsMortgageeConsent).toBe(false);
  });

  it('asks for a risk undertaking when an objection is registered', () => {
    const r = canProceed('transfer', { ...clean, objection: true }, { now: NOW });
    expect(r.ok && r.value.requirements).toEqual(['objection-risk-undertaking']);
  });

  it('stops a 抵押权首次登记 on a home under a filed sales contract with the rule the office applies at 登簿, naming the contract', () => {
    const filed = { ...clean, contractFiling: { contractNumber: 'XS20260000007' } };
    expect(canProceed('mortgage-first', filed, { now: NOW })).toEqual({ ok: false, error: ['filed-contract'] });
    expect(unitBlockText('filed-contract', 'mortgage-first', filed)).toBe(filedUnitStop('mortgage-first', filed.contractFiling));
    expect(unitBlockText('filed-contract', 'mortgage-first', filed)).toContain('合同 XS20260000007');
    expect(UNIT_BLOCK_BASIS['filed-contract']).toBe('《不动产登记暂行条例实施细则》第八十五条第一款第（三）项');
    // The buyers' transfer, which ends the filing, goes ahead; so does a mortgage on an unfiled home.
    expect(canProceed('transfer', filed, { now: NOW }).ok).toBe(true);
    expect(canProceed('mortgage-first', { ...clean, contractFiling: null }, { now: NOW }).ok).toBe(true);
    expect(canProceed('mortgage-first', clean, { now: NOW }).ok).toBe(true);
    // Other blocks keep their own text.
    expect(unitBlockText('seized', 'mortgage-first', filed)).toBe(UNIT_BLOCK_TEXT.seized);
  });

  it('reports every block at once', () => {
    expect(canProceed('transfer', { ...clean, seized: true, inProgress: true, advanceNotice: true }, { now: NOW })).toEqual({ ok: false, error: ['seized', 'in-progress', 'advance-notice'] });
    const filed = { ...clean, seized: true, contractFiling: { contractNumber: 'XS20260000007' } };
    expect(canProceed('mortgage-first', filed, { now: NOW })).toEqual({ ok: false, error: ['seized', 'filed-contract'] });
  });

  it('warns on a snapshot older than a day and refuses one older than a week or from the future', () => {
    const r = canProceed('transfer', { ...clean, snapshotAt: '2026-11-26T10:00:00+08:00' }, { now: NOW });
    expect(r.ok && r.value.warnings).toEqual(['provisional', 'snapshot-stale']);
    expect(canProceed('transfer', { ...clean, snapshotAt: '2026-11-20T09:00:00+08:00' }, { now: NOW })).toEqual({ ok: false, error: ['snapshot-too-old'] });
    expect(canProceed('transfer', { ...clean, snapshotAt: '2026-11-29T10:00:00+08:00' }, { now: NOW })).toEqual({ ok: false, error: ['snapshot-invalid'] });
    expect(canProceed('transfer', { ...clean, snapshotAt: 'yesterday' }, { now: NOW })).toEqual({ ok: false, error: ['snapshot-invalid'] });
  });
});
