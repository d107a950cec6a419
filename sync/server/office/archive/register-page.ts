import { formatYuanText } from '#domain/money.ts';
import { BUSINESS_KINDS, PROPERTY_USE_TEXT } from '#domain/business/business-kinds.ts';
import { type RegisterEntry } from '#domain/register/entries.ts';
import { type RegisterView } from '#domain/register/project.ts';
import { describeEntry, ENTRY_KIND_TEXT, holdingText, holdersText, PENDING_NUMBER, REGISTER_STATUS_TEXT, SEIZURE_STANDING_TEXT, STRUCTURE_TEXT } from '#domain/register/register-text.ts';
import { type SeizureView } from '#domain/register/seizures.ts';
import { registerTimeline, type TimelineItem } from '#domain/register/timeline.ts';
import { beijingTime } from '#server/office/format.ts';
import { html, type Html } from '#server/office/html.ts';
import { type FilingSlot } from '#domain/market/filing-slot.ts';
import { renderFilingSlot } from '#server/office/market/filing-slot-view.ts';
import { A } from './archive-text.ts';
import { renderCourtForm } from './court-form.ts';

export type OpenCase = { caseId: string; caseNumber: string; businessKind: string };

export type RegisterPage = {
  view: RegisterView;
  chain: { ok: true } | { ok: false; why: string };
  openCases: OpenCase[];
  staffNames: Record<string, string>;
  canRecordCourtActs: boolean;
  /** The unit's active filing as the filing system holds it now (null: none); absent when no filing system runs. */
  filing?: FilingSlot | null;
};

const T = A.register;
const dash = (s: string | number | null | undefined) => (s === null || s === undefined || s === '' ? '—' : String(s));

function sourceCell(e: RegisterEntry): Html {
  const s = e.source;
  switch (s.kind) {
    case 'case':
      return html`<a href="/office/cases/${encodeURIComponent(s.caseId)}">${T.source['case']} ${s.caseNumber}</a>`;
    case 'court':
      return html`${T.source['court']}：${s.court}`;
    case 'filing':
      return html`${T.source['filing']} ${s.filingNumber}`;
    case 'legacy':
      return html`${T.source['legacy']}（第 ${s.row} 行，${s.legacyCertificate}）`;
    case 'office':
      return html`${T.source['office']}：${s.reason}`;
  }
}

const period = (s: SeizureView) => (s.from !== null && s.to !== null ? `${s.from} 至 ${s.to}` : T.waitingTerm(s.termMonths ?? 36));

function seizures(v: RegisterView, names: Record<string, string>): Html {
  const live = [...(v.seizures.effective ? [v.seizures.effective] : []), ...v.seizures.waiting];
  const rows = live.map(
    (s) => html`<tr data-seizure="${s.seizureId}" data-standing="${s.standing}"><td>${s.rank ?? ''}</td><td><span class="tag ${s.standing === 'effective' ? 'bad' : 'warn'}">${SEIZURE_STANDING_TEXT[s.standing]}</span></td>
<td>${s.document.court}</td><td>${s.document.noticeNumber}</td><td>${s.document.rulingNumber}</td><td>${s.respondent}</td><td>${period(s)}${s.renewals.length > 0 ? html`<br><small>续封 ${s.renewals.length} 次</small>` : ''}</td><td>${beijingTime(s.document.deliveredAt)}</td></tr>`,
  );
  const ended = v.seizures.ended.map(
    (s) => html`<tr data-seizure="${s.seizureId}" data-standing="${s.standing}"><td>${SEIZURE_STANDING_TEXT[s.standing]}</td><td>${s.document.court}</td><td>${s.document.noticeNumber}</td><td>${period(s)}</td><td>${dash(s.endedOn)}</td>
<td>${s.lift?.reason ?? ''}</td><td>${s.lift ? (names[s.lift.recordedBy] ?? s.lift.recordedBy) : ''}</td></tr>`,
  );
  return html`<h2 id="seizures">${T.seizures}</h2>${
    live.length === 0 ? html`<p>${T.none}</p>` : html`<table id="live-seizures"><thead><tr>${T.seizuresHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`
  }${ended.length === 0 ? '' : html`<table id="ended-seizures"><thead><tr>${T.endedHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${ended}</tbody></table>`}`;
}

function natural(v: RegisterView): Html {
  const n = v.natural;
  if (!n) return html`<p class="note">${T.noNatural}</p>`;
  const cells = [n.address, n.buildingName, `${n.floor}/${n.totalFloors}`, n.room, `${n.areaM2} m²`, STRUCTURE_TEXT[n.structure], PROPERTY_USE_TEXT[n.use], dash(n.completedYear)];
  return html`<table id="natural"><thead><tr>${T.naturalHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody><tr>${cells.map((c) => html`<td>${c}</td>`)}</tr></tbody></table>`;
}

function rights(v: RegisterView): Html {
  const o = v.ownership;
  const mortgages = v.mortgages.map(
    (m) => html`<tr><td>${m.rank}</td><td>${m.mortgagee}</td><td>${dash(m.debtor)}</td><td>${m.amountFen === null ? '未记载' : formatYuanText(m.amountFen)}${m.maximum ? '（最高额）' : ''}</td>
<td>${dash(m.termFrom)} 至 ${dash(m.termTo)}</td><td>${m.certificateNumber ?? PENDING_NUMBER}</td><td>${beijingTime(m.recordedAt)}</td></tr>`,
  );
  return html`<h2>${T.rights}</h2>${
    o
      ? html`<table id="holders"><thead><tr>${T.holdersHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${o.holders.map(
          (h) => html`<tr><td>${h.name}</td><td>${h.idNumber}</td><td>${holdingText(h.holding)}</td></tr>`,
        )}</tbody></table><p>${T.certificate}：<b>${o.certificateNumber ?? PENDING_NUMBER}</b></p>`
      : html`<p>${T.noOwner}</p>`
  }
<h2>${T.mortgages}</h2>${mortgages.length === 0 ? html`<p>${T.none}</p>` : html`<table id="mortgages"><thead><tr>${T.mortgagesHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${mortgages}</tbody></table>`}`;
}

function restrictions(v: RegisterView, filing: FilingSlot | null | undefined): Html {
  const list = (items: readonly string[]) => (items.length === 0 ? html`<p>${T.none}</p>` : html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`);
  return html`<h2>${T.notices}</h2>${list(v.advanceNotices.map((n) => `${holdersText(n.holders)}（${beijingTime(n.recordedAt)}）`))}
<h2>${T.objections}</h2>${list(v.objections.map((o) => `${o.applicant}：${o.matter}（${beijingTime(o.recordedAt)}）`))}
<h2>${T.filing}</h2><p id="contract-filing">${v.contractFiling ? `${v.contractFiling.contractNumber}，买受人 ${v.contractFiling.buyers.join('、')}，${v.contractFiling.filedOn}` : T.filingSlot}</p>
${filing === undefined ? '' : renderFilingSlot(filing)}`;
}

function pagesCell(e: RegisterEntry, unit: string): Html {
  return e.source.kind === 'case' ? html`<a href="/office/archive/viewer/${unit}?case=${encodeURIComponent(e.source.caseId)}">${A.viewer.pagesLink}</a>` : html``;
}

function timelineRow(item: TimelineItem, unit: string, names: Record<string, string>): Html {
  if (item.kind === 'entry') {
    const e = item.entry;
    return html`<tr data-kind="${e.kind}"><td>${e.seq}</td><td>${beijingTime(e.recordedAt)}</td><td>${ENTRY_KIND_TEXT[e.kind]}</td><td>${describeEntry(e)}</td><td>${sourceCell(e)}</td><td>${names[e.recordedBy] ?? e.recordedBy}</td><td>${pagesCell(e, unit)}</td></tr>`;
  }
  const s = item.seizure;
  const what = item.kind === 'seizure-lapsed' ? T.lapsed(s.document.court, s.document.noticeNumber, s.to) : T.tookEffect(s.document.court, s.document.noticeNumber, s.to);
  return html`<tr data-kind="${item.kind}" class="by-law"><td></td><td>${item.on}</td><td>${T.byLaw}</td><td>${what}<br><small>${T.byLawNote}</small></td><td></td><td></td><td></td></tr>`;
}

function history(v: RegisterView, names: Record<string, string>): Html {
  const unit = encodeURIComponent(v.unitNumber);
  return html`<h2>${T.history}</h2><table id="history"><thead><tr>${T.historyHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${registerTimeline(v).map((item) => timelineRow(item, unit, names))}</tbody></table>`;
}

export function renderRegisterPage(p: RegisterPage): Html {
  const v = p.view;
  const unit = encodeURIComponent(v.unitNumber);
  const cases = p.openCases.map((c) => html`<tr><td><a href="/office/cases/${encodeURIComponent(c.caseId)}">${c.caseNumber}</a></td><td>${BUSINESS_KINDS[c.businessKind as keyof typeof BUSINESS_KINDS]?.name ?? c.businessKind}</td></tr>`);
  return html`<p>${T.asOf(v.asOf)}：<span class="tag ${v.status === 'seized' ? 'bad' : v.status === 'vacant' ? '' : 'ok'}" id="register-status">${REGISTER_STATUS_TEXT[v.status]}</span></p>
<p id="chain">${p.chain.ok ? html`<span class="tag ok">${T.chainOk}</span>` : html`<span class="tag bad">${T.chainBroken(p.chain.why)}</span>`}</p>
<p class="actions"><a class="button" href="/office/archive/viewer/${unit}">${T.viewer}</a> <a class="button" id="open-building" href="/office/archive/buildings/${encodeURIComponent(v.unitNumber.slice(0, 24))}?unit=${unit}">${T.building}</a></p>
<h2>${T.natural}</h2>${natural(v)}${rights(v)}${seizures(v, p.staffNames)}${restrictions(v, p.filing)}
<h2>${T.openCases}</h2>${cases.length === 0 ? html`<p>${T.noOpenCases}</p>` : html`<table id="open-cases"><thead><tr><th>${T.openCasesHead[0]}</th><th>${T.openCasesHead[1]}</th></tr></thead><tbody>${cases}</tbody></table>`}
${history(v, p.staffNames)}${p.canRecordCourtActs ? renderCourtForm(v) : ''}`;
}
