import { chinaDate } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { buildExchangeMessage, type ExchangeOffice } from '#domain/province/exchange-message.ts';
import { CaseEventDoc } from '#protocol/documents/van.ts';
import { type OfficeContext } from '#server/context.ts';
import { getParsed } from '#server/office/office-data.ts';
import { type RegisterStore } from '#server/office/archive/register-store.ts';
import { exchangeProblems } from './exchange-schema.ts';
import { exchangeXml } from './exchange-xml.ts';
import { type ProvinceStore } from './province-store.ts';

/**
 * Turns a 登簿 on a unit into its 接入 message in the send queue. The archive calls it from its outbox, which the
 * 登簿's register entries were written with, so every 登簿 the register holds is reported, and the queue's key (the
 * event and the unit) makes a second call store nothing.
 */
export class ProvinceReporter {
  constructor(
    private readonly ctx: OfficeContext,
    private readonly register: RegisterStore,
    private readonly store: ProvinceStore,
    private readonly office: ExchangeOffice,
    private readonly clock: Clock,
  ) {}

  /** @throws when the 登簿 event or its intake cannot be read yet (the archive's outbox retries the item). */
  async report(unitNumber: string, eventId: string, caseId: string): Promise<void> {
    const stored = await this.ctx.storage.getDocument('caseEvents', eventId);
    const event = stored && CaseEventDoc.safeParse(stored.body);
    if (!event?.success) throw new Error(`登簿 event ${eventId} not found`);
    const intake = await this.register.intakeOf(caseId);
    if (!intake) throw new Error(`intake of case ${caseId} not found`);
    const entries = await this.register.entriesOf(unitNumber);
    const registrar = (await getParsed(this.ctx.storage, 'staff', event.data.actor))?.name ?? event.data.actor;
    const facts = { event: { id: eventId, at: event.data.at }, caseNumber: intake.caseNumber, intake: intake.intake, unitNumber, entries, registrar };
    const day = chinaDate(event.data.at);
    await this.store.enqueue(
      `${eventId}:${unitNumber}`,
      `${unitNumber.slice(0, 6)}:${day}`,
      (serial) => {
        const message = buildExchangeMessage(facts, this.office, serial);
        return { bizMsgId: message.Head.BizMsgID, caseNumber: intake.caseNumber, unitNumber, recType: message.Head.RecType, message, xml: exchangeXml(message), problems: exchangeProblems(message) };
      },
      this.clock.now().toISOString(),
    );
  }
}
