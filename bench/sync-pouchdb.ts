/**
 * The PouchDB baseline of the trip benchmark (docs/benchmarks.md): PouchDB with its leveldb adapter on the
 * van replicating to express-pouchdb (leveldb) over loopback — the stack most offline-first apps use — with the
 * same case events and the same scans as inline attachments. Only the replication is timed; the local writes,
 * the server's start and the check afterwards are not. The van's side is in bench/trip-van.ts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-node';
import { type CaseEvent } from '#domain/case/events.ts';
import { chainOf } from './event-chain.ts';
import { POUCH_ATTACHMENT, POUCH_DEVICE, TRIP_EVENTS, type VanSide, pouchScanId } from './trip-van.ts';

const ATTACHMENT = POUCH_ATTACHMENT;
const scanId = pouchScanId;

/** PouchDB's attachment digest: `md5-` and the base64 MD5 of the bytes. */
const pouchDigest = (bytes: Buffer) => `md5-${createHash('md5').update(bytes).digest('base64')}`;

type Server = { url: string; close(): Promise<void> };

async function startExpressPouchDB(dir: string): Promise<Server> {
  // minimumForPouchDB: the routes replication needs, no config or log files written to the working directory.
  const app = expressPouchDB(PouchDB.defaults({ prefix: `${dir}/` }), { mode: 'minimumForPouchDB' });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Checks the office side after the trip: every document there, every attachment with the van's digest and length. */
async function verifyOffice(remote: PouchDB.Database, events: readonly CaseEvent[], scans: readonly Buffer[]): Promise<void> {
  const info = await remote.info();
  if (info.doc_count !== events.length + scans.length) throw new Error(`PouchDB trip incomplete: ${info.doc_count} documents on the server`);
  const { rows } = await remote.allDocs({ include_docs: true, startkey: scanId(0), endkey: scanId(scans.length - 1) });
  if (rows.length !== scans.length) throw new Error(`PouchDB trip: ${rows.length} of ${scans.length} scan documents on the server`);
  rows.forEach((row, i) => {
    const stub = row.doc?._attachments?.[ATTACHMENT];
    const bytes = scans[i];
    if (!stub || !bytes || !('digest' in stub) || stub.digest !== pouchDigest(bytes) || stub.length !== bytes.length) {
      throw new Error(`PouchDB trip: attachment of ${row.id} missing or different on the server`);
    }
  });
  // The digests are the server's own; read two attachments back byte for byte as well.
  for (const i of [0, scans.length - 1]) {
    const back = await remote.getAttachment(scanId(i), ATTACHMENT);
    if (!scans[i]?.equals(back)) throw new Error(`PouchDB trip: ${scanId(i)} reads back different bytes`);
  }
  const sample = await remote.allDocs({ include_docs: true, startkey: events[0]?.id ?? '', endkey: events[0]?.id ?? '' });
  if (sample.rows[0]?.doc?.['hash'] !== events[0]?.hash) throw new Error('PouchDB trip: first event differs on the server');
}

/**
 * One trip through PouchDB: the van (`van`: in this process or its own, bench/trip-van.ts) writes the events as
 * small documents and each scan as a document with one inline attachment to a leveldb PouchDB, then on the signal
 * `PouchDB.replicate`s to express-pouchdb here to completion; only the replication is timed.
 */
export async function tripThroughPouchDB(van: VanSide, filesDir: string, scans: readonly Buffer[]): Promise<{ ms: number; cpuMs: number; bytes: number }> {
  const events = chainOf(POUCH_DEVICE, TRIP_EVENTS);
  const officeDir = mkdtempSync(join(tmpdir(), 'bench-pouch-office-'));
  const office = await startExpressPouchDB(officeDir);
  try {
    await van.prepare({ kind: 'pouch', remoteUrl: office.url, filesDir, files: scans.length });
    const { ms, cpuMs } = await van.go();
    await van.end();
    const remote = new PouchDB(`${office.url}/trip`);
    try {
      await verifyOffice(remote, events, scans);
    } finally {
      await remote.close();
    }
    const bytes = scans.reduce((n, s) => n + s.length, 0) + JSON.stringify(events).length;
    return { ms, cpuMs, bytes };
  } finally {
    await office.close();
    rmSync(officeDir, { recursive: true, force: true });
  }
}
