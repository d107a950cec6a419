import { afterAll, describe, expect, it } from 'vitest';
import { openOfficeBundle, sealVanBundle } from '#electron/bundles/van-bundle.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { csrfIn, getPage, pageLogin } from '../security/attacker-kit.ts';
import { enrollDevice } from '../sync/helpers.ts';
import { startOfficeWithPages, type Office } from './harness.ts';

let office: Office | undefined;
afterAll(async () => {
  await office?.close();
});

describe('the office page for USB bundles', () => {
  it('takes a van bundle by upload, shows each refusal, offers the answer bundle, and says why it refuses a changed file', async () => {
    office = await startOfficeWithPages();
    const device = await enrollDevice(office.url, 'page-van');
    const row = (id: string) => ({
      newDocumentState: {
        id, tripId: DEMO_TRIP_ID, appointmentId: null, deviceId: device.deviceId, businessKind: 'transfer', unitIds: [],
        applicants: [{ name: '李建国', idType: 'resident-id', idNumber: '230803196002021234', side: 'holder' }],
        createdAt: '2026-11-30T10:00:00+08:00', createdBy: 'staff-zhangwei', _deleted: false,
      },
    });
    const sealed = await sealVanBundle({
      deviceId: device.deviceId, deviceToken: device.token, collections: [{ collection: 'cases', rows: [row('case-page-1'), row('office-x')] }],
      scans: [], readScan: () => Promise.reject(new Error('no scans')), now: new Date(),
    });
    const { cookie } = await pageLogin(office.url, 'admin');
    const devices = await getPage(office.url, '/office/devices', cookie);
    expect(devices.html).toContain(`action="/office/devices/${device.deviceId}/bundle" data-bundle>`);
    const shown = await getPage(office.url, '/office/bundles', cookie);
    // As the page's script sends it (the token in a header), or as the form posts itself without JavaScript (its field first).
    const upload = async (bytes: Uint8Array, token: 'header' | 'field' = 'header') => {
      const form = new FormData();
      if (token === 'field') form.set('_csrf', csrfIn(shown.html) ?? '');
      form.set('file', new Blob([Buffer.from(bytes)]), 'van.jmsb');
      const headers = { cookie: cookie ?? '', origin: office!.url, ...(token === 'header' ? { 'x-csrf-token': csrfIn(shown.html) ?? '' } : {}) };
      return fetch(`${office!.url}/office/bundles`, { method: 'POST', redirect: 'manual', body: form, headers });
    };

    const posted = await upload(sealed.bytes);
    expect(posted.status).toBe(302);
    const result = await getPage(office.url, posted.headers.get('location') ?? '', cookie);
    expect(result.html).toContain('新保存记录 1 条，此前已有 0 条，拒收 1 条');
    expect(result.html).toMatch(/<td><code>office-x<\/code><\/td><td>reserved-id<\/td>/);
    const answerPath = /href="(\/office\/bundles\/[0-9a-f]+\/answer)"/.exec(result.html)?.[1] ?? '';
    const answer = await fetch(`${office.url}${answerPath}`, { headers: { cookie: cookie ?? '' } });
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="office-to-.*\.jmsb"$/);
    const opened = await openOfficeBundle(new Uint8Array(await answer.arrayBuffer()), device.deviceId, device.token);
    expect(opened.ok && opened.manifest.refused.map((r) => r.id)).toEqual(['office-x']);

    const again = await getPage(office.url, (await upload(sealed.bytes, 'field')).headers.get('location') ?? '', cookie);
    expect(again.html).toContain('新保存记录 0 条，此前已有 1 条，拒收 1 条');
    const changed = sealed.bytes.slice();
    changed[changed.length - 5] = (changed[changed.length - 5] ?? 0) ^ 1;
    const refused = await upload(changed);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('数据包无法通过校验：文件被改动或不完整');
    expect((await office.storage.listDocuments('cases')).filter((d) => d.id === 'case-page-1')).toHaveLength(1);
  });
});
