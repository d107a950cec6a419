import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openOfficeBundle, writeVanBundle } from '#electron/bundles/van-bundle.ts';
import { runBundleCommand } from '#server/bundles/bundle-cli.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { openTestDb } from '../support/backend.ts';
import { enrollDevice, removeDir, startOffice, tempDir, type RunningOffice } from '../sync/helpers.ts';

let office: RunningOffice | undefined;
const dirs: string[] = [];
afterAll(async () => {
  await office?.close();
  if (office) removeDir(office.dataDir);
  dirs.forEach(removeDir);
});

/** Runs `npm run office -- <args>` in this process against the test office's database; its lines and exit code. */
async function officeCli(args: string[]): Promise<{ code: number; out: string }> {
  const { db, url } = await openTestDb(office!.dataDir);
  await db.close();
  const lines: string[] = [];
  const [command, ...rest] = args;
  const code = await runBundleCommand(command as 'import-bundle', [...rest, '--data', office!.dataDir, ...(url ? ['--database', url] : [])], (l) => lines.push(l));
  // The command's office made its upload folder with a callback nobody awaits (@tus/file-store): one more mkdir
  // queued behind it on the thread pool, so that one has run before the test removes the folder.
  await mkdir(join(office!.dataDir, 'uploads'), { recursive: true });
  return { code, out: lines.join('\n') };
}

describe('npm run office -- import-bundle / export-bundle', () => {
  it('imports a van bundle from a file with the push answers, writes the answer bundle, says why it refuses a changed one', async () => {
    office = await startOffice();
    const device = await enrollDevice(office.url, 'cli-van');
    const stick = tempDir('usb-cli');
    dirs.push(stick);
    const answers = join(stick, 'answers');
    mkdirSync(answers);
    const row = (id: string) => ({
      newDocumentState: {
        id, tripId: DEMO_TRIP_ID, appointmentId: null, deviceId: device.deviceId, businessKind: 'transfer', unitIds: [],
        applicants: [{ name: '李建国', idType: 'resident-id', idNumber: '230803196002021234', side: 'holder' }],
        createdAt: '2026-11-30T10:00:00+08:00', createdBy: 'staff-zhangwei', _deleted: false,
      },
    });
    const written = await writeVanBundle(stick, {
      deviceId: device.deviceId, deviceToken: device.token, collections: [{ collection: 'cases', rows: [row('case-cli-1'), row('office-case')] }],
      scans: [], readScan: () => Promise.reject(new Error('no scans')), now: new Date('2026-11-30T03:00:00Z'),
    });

    const first = await officeCli(['import-bundle', written.path, '--answer-dir', answers]);
    expect(first.code).toBe(0);
    expect(first.out).toContain(`已导入设备 ${device.deviceId} 的数据包 ${written.bundleId}`);
    expect(first.out).toContain('记录: 新保存 1 条，此前已有 0 条，拒收 1 条');
    expect(first.out).toMatch(/cases office-case reserved-id: /);
    expect((await office.storage.listDocuments('cases')).map((d) => d.id)).toContain('case-cli-1');
    const [answerName] = readdirSync(answers);
    expect(answerName).toMatch(new RegExp(`^office-to-${device.deviceId}-\\d{14}\\.jmsb$`));
    const opened = await openOfficeBundle(new Uint8Array(readFileSync(join(answers, answerName ?? ''))), device.deviceId, device.token);
    expect(opened.ok && opened.manifest.refused.map((r) => [r.id, r.code])).toEqual([['office-case', 'reserved-id']]);
    expect(opened.ok && opened.manifest.answersTo).toBe(written.bundleId);

    expect((await officeCli(['import-bundle', written.path])).out).toContain('记录: 新保存 0 条，此前已有 1 条，拒收 1 条');
    const changed = readFileSync(written.path);
    changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 0x80;
    writeFileSync(join(stick, 'changed.jmsb'), changed);
    const refused = await officeCli(['import-bundle', join(stick, 'changed.jmsb')]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/^未导入: 数据包无法通过校验/);

    const pull = await officeCli(['export-bundle', '--device', device.deviceId, answers]);
    expect(pull.code).toBe(0);
    expect(pull.out).toMatch(/^回传包已写入 .*\.jmsb（\d+ 条记录）$/);
    expect((await officeCli(['export-bundle', '--device', 'dev-nobody', answers])).out).toBe('未导入: 数据包所属设备 dev-nobody 不在本办公室登记，不能导入（请确认是本办公室的服务车导出的）');
  });
});
