import { z } from 'zod';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { type OfficeContext } from '#server/context.ts';
import { type ChainResolution, type OfficeStorage } from '#server/storage/storage.ts';
import { parsedReads } from './office-data.ts';
import { T } from './office-text.ts';

/** An event kept as evidence but not counted: its device's hash chain broke at or before it. */
export type HeldEvent = { event: CaseEventDoc; detail: string; resolution: ChainResolution | null };

export type ChainSorted = { counted: CaseEventDoc[]; held: HeldEvent[] };

/**
 * Splits events into those that move their case and those held for a broken chain. An event past the last
 * verified link of a device whose chain broke (a fork, a changed or missing link) is not proven to be the
 * device's own unaltered record (《电子签名法》第八条: reliability judged by how it was kept and whether it was
 * changed), so it is kept and shown but does not count until an office supervisor accepts it on the case
 * page; one they reject stays evidence for good. A gap (an event still on its way) holds nothing.
 */
export async function sortByChain(storage: Pick<OfficeStorage, 'chainStatus' | 'chainResolutions'>, events: readonly CaseEventDoc[]): Promise<ChainSorted> {
  const breaks = new Map<string, { verifiedSeq: number; detail: string }>();
  for (const deviceId of new Set(events.map((e) => e.deviceId))) {
    const status = await storage.chainStatus(deviceId); // the office's own chain has no status row: always ok
    if (status.state === 'broken') breaks.set(deviceId, { verifiedSeq: status.verifiedSeq, detail: status.detail ?? '' });
  }
  if (breaks.size === 0) return { counted: [...events], held: [] };
  const resolutions = new Map((await storage.chainResolutions()).map((r) => [r.eventId, r]));
  const counted: CaseEventDoc[] = [];
  const held: HeldEvent[] = [];
  for (const event of events) {
    const broken = breaks.get(event.deviceId);
    if (!broken || event.seq <= broken.verifiedSeq) {
      counted.push(event);
      continue;
    }
    const resolution = resolutions.get(event.id) ?? null;
    held.push({ event, detail: broken.detail, resolution });
    if (resolution?.decision === 'accepted') counted.push(event);
  }
  return { counted, held };
}

export const HeldDecision = z.object({
  eventId: z.string().min(1).max(200),
  decision: z.enum(['accepted', 'rejected']),
  note: z.string().trim().min(4).max(2000),
});

export type ResolveOutcome = { ok: true } | { ok: false; code: 'not-held'; message: string };

/** A supervisor's decision on one held event of a case; an event not (or no longer) waiting is refused. */
export async function resolveHeldEvent(ctx: Pick<OfficeContext, 'storage' | 'clock'>, staffId: string, caseId: string, input: z.infer<typeof HeldDecision>): Promise<ResolveOutcome> {
  const events = await parsedReads(ctx.storage.db).ofCase('caseEvents', caseId);
  const waiting = (await sortByChain(ctx.storage, events)).held.find((h) => h.event.id === input.eventId && h.resolution === null);
  if (!waiting) return { ok: false, code: 'not-held', message: T.caseView.held.notHeld };
  const written = await ctx.storage.resolveHeldEvents([
    { eventId: input.eventId, caseId, decision: input.decision, note: input.note, staffId, resolvedAt: ctx.clock.now().toISOString() },
  ]);
  return written === 1 ? { ok: true } : { ok: false, code: 'not-held', message: T.caseView.held.notHeld };
}
