import { CHAIN_BREAK_TEXT, hashEvent } from '#domain/case/hash-chain.ts';
import { type Tx } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { type ChainLink, verifyChainLinks } from '#office/replication/chain-links.ts';
import { type FeedEvent } from './feed-contract.ts';

/**
 * Records a county's case events as links of their devices' chains and walks each chain on from where the
 * city last verified it, recomputing every event's hash. Whichever way the events came (the HTTPS pull or
 * logical replication), this is the one check: a county's rows are trusted no more for having been
 * replicated by the database. A broken chain stays flagged.
 */
export async function verifyCountyEvents(tx: Tx, county: string, events: readonly FeedEvent[], at: string): Promise<void> {
  const tampered = new Map<string, number>();
  for (const e of events) {
    if (hashEvent(e as never) !== e.hash && !tampered.has(e.deviceId)) tampered.set(e.deviceId, e.seq);
    await tx.run(sql`INSERT INTO county_chain_links (county_code, device_id, seq, event_id, hash, prev_hash)
      VALUES (${county}, ${e.deviceId}, ${e.seq}, ${e.id}, ${e.hash}, ${e.prevHash}) ON CONFLICT DO NOTHING`);
  }
  for (const device of new Set(events.map((e) => e.deviceId))) {
    const head = await tx.get<{ seq: number | string; hash: string | null; state: string }>(sql`SELECT seq, hash, state FROM county_chains WHERE county_code = ${county} AND device_id = ${device}`);
    // A broken chain stays flagged: what follows a break cannot be trusted until someone looks.
    if (head?.state === 'broken') continue;
    const from = { seq: Number(head?.seq ?? 0), hash: head?.hash ?? null };
    const badSeq = tampered.get(device);
    const verdict =
      badSeq !== undefined
        ? { seq: from.seq, hash: from.hash, state: 'broken' as const, detail: `${CHAIN_BREAK_TEXT.tampered}（第 ${badSeq} 号）` }
        : verifyChainLinks(
            from,
            (await tx.all<{ seq: number | string; event_id: string; hash: string; prev_hash: string | null }>(
              sql`SELECT seq, event_id, hash, prev_hash FROM county_chain_links WHERE county_code = ${county} AND device_id = ${device} AND seq > ${from.seq} ORDER BY seq, event_id`,
            )).map((r): ChainLink => ({ seq: Number(r.seq), id: r.event_id, hash: r.hash, prevHash: r.prev_hash })),
          );
    await tx.run(sql`INSERT INTO county_chains (county_code, device_id, seq, hash, state, detail, checked_at)
      VALUES (${county}, ${device}, ${verdict.seq}, ${verdict.hash}, ${verdict.state}, ${verdict.detail}, ${at})
      ON CONFLICT (county_code, device_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, state = excluded.state, detail = excluded.detail, checked_at = excluded.checked_at`);
  }
}
