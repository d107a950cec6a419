import { chinaDate, chinaIso } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { parsePeriod } from '#domain/city/report.ts';
import { bizMsgId } from '#domain/province/exchange-message.ts';
import { type ProvinceStore } from '#server/office/province/province-store.ts';
import { REPORT_FORMAT_VERSION, REPORT_MSG_TYPE, type ReportMessage, reportMessageProblems, reportMessageXml } from './report-message.ts';
import { type ReportStore, type StoredReport, revisionName } from './report-store.ts';
import { R } from './report-text.ts';

const sourceKey = (r: { id: string; revision: number }): string => `report:${revisionName(r.id, r.revision)}`;

/**
 * Puts every stored report revision into the province send queue once, as its message (report-message.ts), for
 * the province sender that sends the 接入 messages. It reads what is stored, not what was just drawn, so a report
 * stored just before the office stopped is queued by the next round; the queue's key (`report:<revision>`) makes
 * a second pass store nothing. A revision after the first corrects its predecessor's message and names it.
 */
export class ReportOutbox {
  constructor(
    private readonly reports: ReportStore,
    private readonly queue: ProvinceStore,
    private readonly regOrgId: string,
    private readonly clock: Clock,
  ) {}

  /** Queues the revisions not queued yet, each period's in order; answers their names. */
  async enqueueStored(): Promise<string[]> {
    const queued: string[] = [];
    for (const latest of await this.reports.list()) {
      for (const r of await this.reports.revisions(latest.id)) {
        if ((await this.queue.bizMsgIdOf(sourceKey(r))) !== undefined) continue;
        if (await this.enqueue(r)) queued.push(revisionName(r.id, r.revision));
      }
    }
    return queued;
  }

  private async enqueue(r: StoredReport): Promise<boolean> {
    const [pdf, xlsx] = [await this.reports.read(r.id, 'pdf', r.revision), await this.reports.read(r.id, 'xlsx', r.revision)];
    const period = parsePeriod(r.id);
    const title = period ? R.title(period) : r.id;
    const corrects = r.revision === 1 ? '' : ((await this.queue.bizMsgIdOf(sourceKey({ id: r.id, revision: r.revision - 1 }))) ?? '');
    const name = revisionName(r.id, r.revision);
    const file = (ext: 'pdf' | 'xlsx', mediaType: string, content: Uint8Array | null) =>
      ({ name: `${name}.${ext}`, mediaType, sha256: r[ext].sha256, bytes: r[ext].bytes, content: content ?? new Uint8Array() });
    const day = chinaDate(r.generatedAt);
    return this.queue.enqueue(sourceKey(r), `${this.regOrgId}:${day}`, (serial) => {
      const message: ReportMessage = {
        Head: {
          BizMsgID: bizMsgId(this.regOrgId.slice(0, 6), day, serial), MsgType: REPORT_MSG_TYPE, FormatVersion: REPORT_FORMAT_VERSION,
          AreaCode: this.regOrgId.slice(0, 6), RegOrgID: this.regOrgId, ReportID: r.id, Period: r.id.replace(/^(month|year)-/, ''),
          Revision: r.revision, Corrects: corrects, CreateDate: chinaIso(new Date(r.generatedAt)),
        },
        Figures: r.figures ?? { total: {}, offices: [] },
        Attachments: [file('pdf', 'application/pdf', pdf), file('xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsx)],
      };
      // The queue keeps the message without the files (they are in the xml, and on disk beside the manifest).
      const { Attachments, ...kept } = message;
      return { bizMsgId: message.Head.BizMsgID, caseNumber: title, unitNumber: name, recType: REPORT_MSG_TYPE, message: { ...kept, Attachments: Attachments.map(({ content: _content, ...a }) => a) },
        xml: reportMessageXml(message), problems: reportMessageProblems(message) };
    }, this.clock.now().toISOString());
  }
}
