import { type ChainStatus, DeviceReport } from '#protocol/messages.ts';
import { CHAIN_BREAK_TEXT } from '#domain/case/hash-chain.ts';
import { type Queryable, type Tx } from '#office/platform/db/db.ts';
import { sql, sqlList, SqlShape, type SqlValue } from '#office/platform/db/sql.ts';
import { ROWS_PER_INSERT } from './document-store.ts';
import { type ChainLink, verifyChainLinks } from './chain-links.ts';
import { incidentWrites } from './incident-store.ts';

type StatusRow = { verified_seq: number; head_hash: string | null; state: ChainStatus['state']; detail: string | null };

/** Where each device's event chain stands, as verified so far. */
export const chainReads = (q: Queryable) => ({
  async status(deviceId: string): Promise<ChainStatus> {
    const row = await q.get<StatusRow>(sql`SELECT verified_seq, head_hash, state, detail FROM chain_status WHERE device_id = ${deviceId}`);
    return row
      ? { deviceId, verifiedSeq: row.verified_seq, headHash: row.head_hash, state: row.state, detail: row.detail }
      : { deviceId, verifiedSeq: 0, headHash: null, state: 'ok', detail: null };
  },

  async countEvents(deviceId: string): Promise<number> {
    return (await q.get<{ n: number }>(sql`SELECT count(*) AS n FROM event_chain WHERE device_id = ${deviceId}`))?.n ?? 0;
  },

  /** The stored links of a device's chain at these positions (every event at each, a fork included), on the chain's key. */
  async linksAt(deviceId: string, seqs: readonly number[]): Promise<{ seq: number; id: string; hash: string; prevHash: string | null }[]> {
    if (seqs.length === 0) return [];
    const rows = await q.all<{ seq: number; event_id: string; hash: string; prev_hash: string | null }>(
      sql`SELECT seq, event_id, hash, prev_hash FROM event_chain WHERE device_id = ${deviceId} AND seq IN ${sqlList([...new Set(seqs)])} ORDER BY seq, event_id`,
    );
    return rows.map((r) => ({ seq: Number(r.seq), id: r.event_id, hash: r.hash, prevHash: r.prev_hash }));
  },

  /** The last link of a device's chain (the office appends its own events after it). */
  async head(deviceId: string): Promise<{ seq: number; hash: string } | undefined> {
    return q.get<{ seq: number; hash: string }>(sql`SELECT seq, hash FROM event_chain WHERE device_id = ${deviceId} ORDER BY seq DESC LIMIT 1`);
  },
});

/** The stored links of a device's chain after `seq`, in seq order (a fork's events by id). */
async function storedLinksPast(tx: Tx, deviceId: string, seq: number): Promise<ChainLink[]> {
  const links = await tx.all<{ seq: number; event_id: string; hash: string; prev_hash: string | null }>(
    sql`SELECT seq, event_id, hash, prev_hash FROM event_chain WHERE device_id = ${deviceId} AND seq > ${seq} ORDER BY seq, event_id`,
  );
  return links.map((l) => ({ seq: l.seq, id: l.event_id, hash: l.hash, prevHash: l.prev_hash }));
}

/**
 * The links after `seq` of a chain whose status is `ok`, without reading back what was just written: `ok` means
 * every stored link past the verified one was checked and none is left after it (a link past a missing one makes
 * the status `gap`), so the links after `seq` are exactly the ones just added. Undefined when two of them share a
 * seq (a fork), which the stored links' order by id decides how to report.
 */
function linksPast(seq: number, added: readonly ChainLink[]): ChainLink[] | undefined {
  const after = added.filter((l) => l.seq > seq).sort((a, b) => a.seq - b.seq);
  for (let i = 1; i < after.length; i++) if (after[i]?.seq === after[i - 1]?.seq) return undefined;
  return after;
}

const INSERT_LINKS = new SqlShape('INSERT INTO event_chain (device_id, seq, event_id, hash, prev_hash) VALUES ', { width: 5 }, ' ON CONFLICT DO NOTHING');

/** Writes of the chains, inside the caller's transaction (which holds the device's lock). */
export const chainWrites = (tx: Tx) => ({
  /** Records links as they arrived; a second event at one seq is kept too, and makes the chain broken. */
  async addLinks(deviceId: string, links: readonly { seq: number; id: string; hash: string; prevHash: string | null }[]): Promise<void> {
    for (let i = 0; i < links.length; i += ROWS_PER_INSERT) {
      const values: SqlValue[] = [];
      for (const l of links.slice(i, i + ROWS_PER_INSERT)) values.push(deviceId, l.seq, l.id, l.hash, l.prevHash);
      await tx.run(INSERT_LINKS.of(values));
    }
  },

  /**
   * Re-checks a device's chain from its last verified link onwards and stores the verdict. `added`: the links
   * this transaction has just recorded (`addLinks`), when it has.
   */
  async reverify(deviceId: string, now: string, added?: readonly ChainLink[]): Promise<void> {
    const status = await chainReads(tx).status(deviceId);
    if (status.state === 'broken') return; // a break stays flagged until the office looks at it
    const known = status.state === 'ok' && added ? linksPast(status.verifiedSeq, added) : undefined;
    const links = known ?? (await storedLinksPast(tx, deviceId, status.verifiedSeq));
    const verdict = verifyChainLinks({ seq: status.verifiedSeq, hash: status.headHash }, links);
    const report = (await tx.get<{ report: string | null }>(sql`SELECT report FROM devices WHERE id = ${deviceId}`))?.report;
    const claimedHead = report ? DeviceReport.parse(JSON.parse(report)).chainHeadSeq : 0;
    const state = verdict.state === 'ok' && claimedHead > verdict.seq ? 'gap' : verdict.state;
    const detail = verdict.detail ?? (state === 'gap' ? `${CHAIN_BREAK_TEXT.truncated}（设备报告已有 ${claimedHead} 个事件，办公室只验证到第 ${verdict.seq} 个）` : null);
    await tx.run(sql`INSERT INTO chain_status (device_id, verified_seq, head_hash, state, detail, updated_at)
                     VALUES (${deviceId}, ${verdict.seq}, ${verdict.hash}, ${state}, ${detail}, ${now})
                     ON CONFLICT (device_id) DO UPDATE SET verified_seq = excluded.verified_seq, head_hash = excluded.head_hash,
                       state = excluded.state, detail = excluded.detail, updated_at = excluded.updated_at`);
    if (state === 'broken') await incidentWrites(tx).record({ at: now, deviceId, collection: 'caseEvents', docId: null, code: 'chain-broken', detail: detail ?? '' });
  },
});
