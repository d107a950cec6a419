import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, type BundleHeader } from '#protocol/bundles.ts';
import { sealBundle, toBase64, tokenHashOf } from '#protocol/bundle-seal.ts';
import { importVanBundle } from '#server/bundles/import-bundle.ts';
import { enrollDevice, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';

/**
 * A USB bundle whose manifest is not one, though sealed with its device's key: the office page and the command line
 * show the reason as it is, so each field of the manifest is named in Chinese, not by its key, and nothing is stored.
 */
let office: RunningOffice;
beforeAll(async () => {
  office = await startOffice();
});
afterAll(async () => {
  await office.close();
  removeDir(office.dataDir);
});

describe('a van bundle with a malformed manifest', () => {
  it('is refused naming each wrong field in Chinese, and stores nothing', async () => {
    const d = await enrollDevice(office.url, 'bundle-reasons');
    const header: BundleHeader = {
      format: BUNDLE_FORMAT, direction: 'van-to-office', deviceId: d.deviceId, bundleId: 'bundle-zh-1', createdAt: new Date().toISOString(),
      salt: toBase64(randomBytes(16)), iv: toBase64(randomBytes(12)), documents: 0, scans: 1,
    };
    const manifest = { direction: 'van-to-office', deviceId: d.deviceId, bundleId: 'bundle-zh-1', createdAt: header.createdAt, collections: [{ collection: 'staff', rows: [] }], scans: [{ sha256: 'abc', bytes: -1, offset: 0 }] };
    const before = await office.storage.listDocuments('cases');
    const file = await sealBundle({ header, manifest, blobs: [], tokenHash: await tokenHashOf(d.token) });
    const refused = await importVanBundle(office.app.office, file);
    expect(refused).toEqual({ ok: false, reason: '数据包内容清单不合格（记录类型：格式不对；扫描件校验值：格式不对；扫描件大小：超出允许的范围），请在服务车上重新导出' });
    // Neither a key (`scans.0.sha256`) nor zod's English (`Invalid option: expected one of`).
    expect(refused.ok ? '' : refused.reason).not.toMatch(/[A-Za-z]{3,}/);
    expect(await office.storage.listDocuments('cases')).toEqual(before);
  });
});
