import { formatYuanText } from '#domain/money.ts';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { type ContractTerms } from '#domain/market/contract.ts';
import { type FilingEvent } from '#domain/market/filing.ts';
import { COURT_DOCUMENT_TEXT, FILING_EVENT_TEXT, FILING_STATUS_TEXT, LOAN_KIND_TEXT, PAYMENT_METHOD_TEXT, areaText } from '#domain/market/market-text.ts';
import { html, type Html } from '#server/office/html.ts';
import { type FilingView } from './filing-service.ts';
import { type MarketStores } from './market-store.ts';
import { PT } from './portal-text.ts';

/** A change of terms in words: each term changed and its new value. */
function changeText(after: Partial<ContractTerms>): string {
  const parts: string[] = [];
  if (after.deliveryOn !== undefined) parts.push(`${PT.filing.delivery}改为 ${after.deliveryOn}`);
  if (after.pricing !== undefined) parts.push(`${PT.filing.price}改为 ${formatYuanText(after.pricing.totalFen)}`);
  if (after.payment !== undefined) parts.push(`${PT.filing.payment}改为 ${PAYMENT_METHOD_TEXT[after.payment.method]}`);
  if (after.areaDm2 !== undefined || after.innerAreaDm2 !== undefined) parts.push(PT.filing.areaChanged);
  return parts.join('，');
}

/** What an event says beyond its kind: the reason, the court's document, the bank and its loan. */
function detail(e: FilingEvent): string {
  switch (e.kind) {
    case 'filed':
      return `${e.terms.permitNumber}`;
    case 'changed':
      return `${e.reason}（${changeText(e.after)}）`;
    case 'cancellation-requested':
    case 'cancellation-withdrawn':
      return e.reason;
    case 'cancellation-consented':
      return e.consent.via === 'card-reader' ? '读卡器核验身份证' : '登记中心窗口核验';
    case 'cancelled':
      return e.court ? `${e.reason}；${e.court.court} ${COURT_DOCUMENT_TEXT[e.court.documentKind]} ${e.court.documentNumber}` : e.reason;
    case 'pre-mortgage-recorded':
      return `${e.bankName} · ${formatYuanText(e.loanFen)} · ${e.mortgageContractNumber}`;
    case 'pre-mortgage-released':
      return `${e.bankName} · ${e.reason}`;
    case 'closed':
      return e.caseNumber;
  }
}

/**
 * The home of a filing as the building table names it, project and room, for its summary (which gives the unit
 * number beside it); empty when the table does not know the unit.
 */
export async function filingPlace(table: MarketStores['table'], unitNumber: string): Promise<string> {
  const unit = await table.unit(unitNumber);
  const project = unit ? await table.project(unit.projectId) : undefined;
  return unit && project ? `${project.name} ${unit.room}` : '';
}

/**
 * A filing as the developer, the bank and the office see it: status, home, price, payment, 预抵押 and the
 * history with who and why. Buyers are named with their ID numbers masked beyond the first six and last four.
 */
export function filingSummary(v: FilingView, place: string): Html {
  const s = v.state;
  const t = s.terms;
  const p = t.payment;
  const mask = (id: string) => (id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : id);
  return html`<table data-testid="filing-summary"><tbody>
<tr><th>${PT.filing.status}</th><td data-testid="filing-status" data-status="${s.status}">${FILING_STATUS_TEXT[s.status]}${s.pendingCancellation ? html` · <span class="tag warn">${PT.filing.pending(s.pendingCancellation.reason, s.pendingCancellation.consentedIds.length, s.buyers.length)}</span>` : ''}</td></tr>
<tr><th>${PT.filing.unit}</th><td>${place === '' ? '' : `${place} · `}${areaText(t.areaDm2)} · ${v.row.unitNumber}</td></tr>
<tr><th>${PT.filing.buyers}</th><td>${s.buyers.map((b) => `${b.name}（${mask(b.idNumber)}）${b.share ? ` ${b.share}` : ''}`).join('；')}</td></tr>
<tr><th>${PT.filing.price}</th><td>${formatYuanText(t.pricing.totalFen)}</td></tr>
<tr><th>${PT.filing.delivery}</th><td data-testid="delivery-on">${t.deliveryOn}</td></tr>
<tr><th>${PT.filing.payment}</th><td>${PAYMENT_METHOD_TEXT[p.method]}${p.method === 'loan' ? `：首付 ${formatYuanText(p.downPaymentFen)}，${LOAN_KIND_TEXT[p.loanKind]} ${formatYuanText(p.loanFen)}（${p.lender}）` : ''}</td></tr>
<tr><th>${PT.filing.preMortgage}</th><td data-testid="pre-mortgage">${s.preMortgage ? `${s.preMortgage.bankName} · ${formatYuanText(s.preMortgage.loanFen)} · ${s.preMortgage.mortgageContractNumber}` : PT.filing.noPreMortgage}</td></tr>
</tbody></table>
<h2>${PT.filing.history}</h2><table data-testid="filing-history"><thead><tr>${PT.filing.historyHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${v.events.map((e) => html`<tr data-kind="${e.kind}"><td>${chinaDateTime(e.at)}</td><td>${FILING_EVENT_TEXT[e.kind]}</td><td>${e.actor.orgName ? `${e.actor.orgName} ` : ''}${e.actor.name}</td><td>${detail(e)}</td></tr>`)}</tbody></table>`;
}
