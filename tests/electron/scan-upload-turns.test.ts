import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanIndex } from '#electron/scans/scan-index.ts';
import { ScanUploader } from '#electron/scans/scan-uploader.ts';
import { type ScanStore } from '#electron/scans/scan-store.ts';
import { openScanStore } from '../integration/scan-helpers.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * A stand-in office for the uploader's pacing: it takes a whole scan (201) once `declared` says its record has
 * arrived and answers 409 before that, as the office does; it counts the uploads it receives and the most it
 * ever had open at once.
 */
class FakeOffice {
  declared = false;
  posts = 0;
  postsUndeclared = 0;
  private open = 0;
  mostOpen = 0;
  readonly server: Server = createServer((req, res) => {
    this.posts++;
    this.open++;
    this.mostOpen = Math.max(this.mostOpen, this.open);
    req.resume();
    req.on('end', () => {
      // Held a moment, so uploads the van lets overlap do overlap here.
      setTimeout(() => {
        this.open--;
        if (!this.declared) {
          this.postsUndeclared++;
          res.writeHead(409).end('not declared yet');
        } else res.writeHead(201, { 'upload-offset': String(req.headers['upload-length']) }).end();
      }, 10);
    });
  });
  url = '';
  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }
}

const dir = tempFolderForTests('scan-turns');
let store: ScanStore;
const office = new FakeOffice();
beforeAll(async () => {
  store = openScanStore(join(dir(), 'scans'));
  await office.listen();
});
afterAll(async () => {
  await new Promise((r) => office.server.close(r));
});

const uploaderFor = async (name: string, atOnce: number) =>
  new ScanUploader({ store, officeUrl: office.url, deviceToken: 't', urls: await ScanIndex.open(join(dir(), `${name}.json`)), atOnce });

describe('the scan uploader’s pacing', () => {
  it('sends at most its number of uploads at once, however many are started', async () => {
    office.declared = true;
    office.mostOpen = 0;
    const uploader = await uploaderFor('at-once', 3);
    const scans = await Promise.all(Array.from({ length: 12 }, () => store.put(randomBytes(20 * 1024))));
    await Promise.all(scans.map((s) => uploader.upload({ sha256: s.sha256, mime: 'application/pdf', caseId: 'case-1' })));
    expect(office.mostOpen).toBe(3);
  });

  it('holds every upload while the office lacks a scan record (409), sending only its number of uploads per wait, then sends them all', async () => {
    office.declared = false;
    office.posts = 0;
    office.postsUndeclared = 0;
    const uploader = await uploaderFor('held', 2);
    const scans = await Promise.all(Array.from({ length: 8 }, () => store.put(randomBytes(20 * 1024))));
    const waits = new Set<number>();
    uploader.on('retry', ({ delayMs }) => {
      waits.add(delayMs);
      // The records arrive during the third wait (100, 200, 400 ms).
      if (delayMs === 400) office.declared = true;
    });
    await Promise.all(scans.map((s) => uploader.upload({ sha256: s.sha256, mime: 'application/pdf', caseId: 'case-2' })));
    expect([...waits]).toEqual([100, 200, 400]);
    // At most two uploads tried before each of the three waits (the second may start after the first's 409 began the
    // hold, and then waits without trying); without the hold each of the eight tries on its own schedule (19 tries).
    expect(office.postsUndeclared).toBeGreaterThanOrEqual(3);
    expect(office.postsUndeclared).toBeLessThanOrEqual(6);
    expect(office.posts).toBe(office.postsUndeclared + 8);
  });
});
