import { describe, expect, it } from 'vitest';
import { BUSINESS_KIND_KEYS } from '#domain/business/business-kinds.ts';
import { type ReceivedMaterial } from '#domain/case/events.ts';
import { checkMaterials } from '#domain/materials/check-materials.ts';
import { requiredMaterials } from '#domain/materials/required-materials.ts';

const got = (key: string, original = true, count = 1, pages = 2): ReceivedMaterial => ({ key, name: key, original, count, pages, scanIds: [`scan-${key}`] });

describe('required materials per registration kind (《不动产登记操作规范（试行）》)', () => {
  it('asks for the form, identity, certificate, transfer contract and deed-tax receipt for a transfer', () => {
    expect(requiredMaterials('transfer').map((s) => s.key)).toEqual(['application-form', 'applicant-identity', 'ownership-certificate', 'transfer-proof', 'tax-proof']);
  });

  it('asks for the main-debt and mortgage contracts for a mortgage', () => {
    expect(requiredMaterials('mortgage-first').map((s) => s.name)).toEqual(['不动产登记申请书', '申请人身份证明', '不动产权属证书（房屋所有权证）', '主债权合同', '抵押合同']);
  });

  it('asks a court for its officer’s ID, the assistance notice and the ruling, and no application form', () => {
    expect(requiredMaterials('seizure').map((s) => s.key)).toEqual(['enforcement-officer-id', 'assistance-notice', 'seizure-ruling']);
  });

  it('adds the power of attorney for an agent, guardianship papers for a minor, the mortgagee’s consent for a mortgaged flat', () => {
    const keys = requiredMaterials('transfer', { agent: true, minor: true, mortgaged: true }).map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['power-of-attorney', 'agent-identity', 'guardianship-proof', 'minor-interest-guarantee', 'mortgagee-consent']));
    expect(requiredMaterials('change', { mortgaged: true }).map((s) => s.key)).not.toContain('mortgagee-consent');
  });

  it('asks a guardian for identity, proof of guardianship and, to dispose, a written guarantee for the ward (实施细则 第十一条)', () => {
    const transfer = requiredMaterials('transfer', { guardian: true });
    expect(transfer.filter((s) => s.basis?.includes('实施细则》第十一条')).map((s) => s.key)).toEqual(['guardian-identity', 'guardianship-proof', 'minor-interest-guarantee']);
    expect(requiredMaterials('change', { guardian: true }).map((s) => s.key)).not.toContain('minor-interest-guarantee');
  });

  it('asks an agent for the power of attorney, signed before the staff or notarised when a person disposes (实施细则 第十二条)', () => {
    const poa = requiredMaterials('transfer', { agent: true }).find((s) => s.key === 'power-of-attorney');
    expect(poa).toMatchObject({ original: true, basis: expect.stringContaining('第十二条') as string, note: expect.stringContaining('公证') as string });
    expect(requiredMaterials('change', { agent: true }).find((s) => s.key === 'power-of-attorney')?.note).toBeUndefined();
  });

  it('asks an heir for the death certificate, the will or heirs’ agreement and proof of kinship instead of a contract (实施细则 第十四条)', () => {
    const keys = requiredMaterials('transfer', { cause: 'inheritance' }).map((s) => s.key);
    expect(keys).toEqual(['application-form', 'applicant-identity', 'ownership-certificate', 'death-proof', 'will-or-heirs-agreement', 'kinship-proof', 'tax-proof']);
  });

  it('wants one identity proof per applicant', () => {
    expect(requiredMaterials('transfer', { applicants: 3 }).find((s) => s.key === 'applicant-identity')?.count).toBe(3);
  });

  it('has a list for every kind, with unique keys', () => {
    for (const kind of BUSINESS_KIND_KEYS) {
      const keys = requiredMaterials(kind, { agent: true, minor: true, mortgaged: true }).map((s) => s.key);
      expect(keys.length).toBeGreaterThan(0);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});

describe('checking received materials against the list (one-time 补正 notice)', () => {
  const required = requiredMaterials('transfer', { applicants: 2 });

  it('is complete when everything is there, originals where originals are required', () => {
    const received = [got('application-form'), got('applicant-identity', false, 2), got('ownership-certificate'), got('transfer-proof'), got('tax-proof', false)];
    expect(checkMaterials(required, received)).toEqual({ complete: true, shortfalls: [] });
  });

  it('lists every shortfall at once: missing items, a copy where the original is needed, too few copies', () => {
    const received = [got('application-form'), got('applicant-identity', false, 1), got('ownership-certificate', false)];
    expect(checkMaterials(required, received)).toEqual({
      complete: false,
      shortfalls: [
        { key: 'applicant-identity', name: '申请人身份证明', problem: 'defective', note: '须 2 份，仅收到 1 份', basis: '《不动产登记暂行条例》第十六条第一款第（二）项' },
        { key: 'ownership-certificate', name: '不动产权属证书（房屋所有权证）', problem: 'defective', note: '须提交原件，仅收到复印件', basis: '《不动产登记暂行条例》第十六条第一款第（三）项' },
        { key: 'transfer-proof', name: expect.stringContaining('转移') as string, problem: 'missing', note: '未提交，须提交原件', basis: '《不动产登记暂行条例》第十六条第一款第（三）项' },
        { key: 'tax-proof', name: '契税完税或减免税凭证', problem: 'missing', note: '未提交，须提交复印件（核验原件）', basis: '《中华人民共和国契税法》第十一条' },
      ],
    });
  });

  it('adds up materials received in parts, as after a 补正', () => {
    const received = [got('application-form'), got('applicant-identity', false, 1), got('applicant-identity', true, 1), got('ownership-certificate'), got('transfer-proof'), got('tax-proof')];
    expect(checkMaterials(required, received).complete).toBe(true);
  });

  it('flags an item recorded without its page count', () => {
    const r = checkMaterials(requiredMaterials('cancel'), [got('application-form'), got('applicant-identity'), got('ownership-certificate', true, 1, 0), got('cancel-proof')]);
    expect(r.shortfalls).toEqual([{ key: 'ownership-certificate', name: '不动产权属证书（房屋所有权证）', problem: 'defective', note: '未记录页数', basis: '《不动产登记暂行条例》第十六条第一款第（三）项' }]);
  });
});
