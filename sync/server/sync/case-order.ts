import { type VanCollection } from '#protocol/collections.ts';
import { type OutboxResult, type WireDocument } from '#protocol/messages.ts';
import { type OfficeContext } from '#server/context.ts';
import { type Device, type OpenRefusal } from '#server/storage/storage.ts';

/** The protocol version from which the office keeps a van's per-case order itself. */
export const CASE_ORDER_PROTOCOL = 21;

type HeldBack = Extract<OutboxResult, { status: 'refused' }>;

const TEXT = {
  heldByCase: (docId: string) => `同一案件中更早的记录被退回：等待案件 ${docId} 被办公室接收后再上传`,
  heldByEvent: (seq: number | null, docId: string) => `同一案件中更早的记录被退回：等待本案第 ${seq ?? '?'} 号事件（${docId}）被办公室接收后再上传`,
};

const caseOf = (collection: VanCollection, doc: WireDocument): string | undefined => {
  const id = collection === 'cases' ? doc.id : doc['caseId'];
  return typeof id === 'string' ? id : undefined;
};
const seqOf = (doc: WireDocument): number | null => (typeof doc['seq'] === 'number' ? doc['seq'] : null);

/** Of a device's open refusals, the one that holds back its document `doc` (the rules on CaseOrder). */
export function blockerAmong(open: readonly OpenRefusal[], collection: VanCollection, doc: WireDocument): OpenRefusal | undefined {
  const caseId = caseOf(collection, doc);
  if (caseId === undefined) return undefined;
  for (const r of open) {
    if (r.caseId !== caseId || (r.collection === collection && r.docId === doc.id)) continue;
    if (r.collection === 'cases') return r;
    if (collection === 'receipts' || collection === 'scans') return r;
    if (collection === 'caseEvents' && (seqOf(doc) ?? 0) > (r.seq ?? 0)) return r;
  }
  return undefined;
}

/**
 * Per-case order (protocol 21, docs/sync-protocol.md "Per-case order"): the office stores a case's documents
 * from one device in the order the device wrote them. While it has refused a device a case header or case event
 * and not stored it since (an open refusal, kept in `open_refusals`), it holds back that case's later documents
 * from the device, refusing them with `held-back` and storing nothing:
 * - a refused case header holds every event, receipt and scan of its case;
 * - a refused event (seq N) holds the case's events with a higher seq, and the case's receipts and scans (they
 *   record what those events did);
 * - a refused receipt or scan holds nothing: no later document builds on it.
 * The van sets held-back documents aside like any refused one and sends them again after their blocker, in the
 * order it wrote them; storing the blocker closes its refusal. Events are immutable and hash-chained per device,
 * so a refused event cannot be replaced by a correcting one: a later event would wait behind it like the rest.
 */
export class CaseOrder {
  private constructor(
    private readonly ctx: OfficeContext,
    private readonly device: Device,
    private readonly open: OpenRefusal[],
  ) {}

  static async of(ctx: OfficeContext, device: Device): Promise<CaseOrder> {
    return new CaseOrder(ctx, device, await ctx.storage.openRefusals(device.id));
  }

  /** The open refusal that holds `doc` back, if any. */
  blockerOf(collection: VanCollection, doc: WireDocument): OpenRefusal | undefined {
    return blockerAmong(this.open, collection, doc);
  }

  /** The answer to a document held back by `blocker`. */
  heldBack(collection: VanCollection, id: string, blocker: OpenRefusal): HeldBack {
    const reason = blocker.collection === 'cases' ? TEXT.heldByCase(blocker.docId) : TEXT.heldByEvent(blocker.seq, blocker.docId);
    return { collection, id, status: 'refused', code: 'held-back', reason };
  }

  /** A document refused for its own sake: a case header or event opens a refusal that holds its case's later documents. */
  async refused(collection: VanCollection, doc: WireDocument): Promise<void> {
    const caseId = caseOf(collection, doc);
    if ((collection !== 'cases' && collection !== 'caseEvents') || caseId === undefined || this.find(collection, doc.id)) return;
    // An id holding a NUL is refused every time (push.ts), and so is every document naming that case: nothing to
    // hold back behind it, and PostgreSQL could not keep it.
    if (doc.id.includes('\u0000') || caseId.includes('\u0000')) return;
    const refusal: OpenRefusal = { collection, docId: doc.id, caseId, seq: collection === 'caseEvents' ? seqOf(doc) : null, at: this.ctx.clock.now().toISOString() };
    await this.ctx.storage.openRefusal(this.device.id, refusal);
    this.open.push(refusal);
  }

  /** Documents stored (or found stored): their open refusals close, before the van is told. */
  async stored(collection: VanCollection, ids: readonly string[]): Promise<void> {
    if (this.open.length === 0 || (collection !== 'cases' && collection !== 'caseEvents')) return;
    for (const id of ids) {
      const r = this.find(collection, id);
      if (!r) continue;
      await this.ctx.storage.closeRefusal(this.device.id, collection, id);
      this.open.splice(this.open.indexOf(r), 1);
    }
  }

  private find(collection: VanCollection, docId: string): OpenRefusal | undefined {
    return this.open.find((r) => r.collection === collection && r.docId === docId);
  }
}
