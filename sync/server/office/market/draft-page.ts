import { PROPERTY_USE_TEXT } from '#domain/business/business-kinds.ts';
import { type BuildingUnit } from '#domain/market/building-table.ts';
import { type ContractDocument } from '#domain/market/contract-text.ts';
import { LOAN_KIND_TEXT, PAYMENT_METHOD_TEXT, PRICING_BASIS_TEXT, areaText } from '#domain/market/market-text.ts';
import { html, type Html } from '#server/office/html.ts';
import { type Buyer } from '#domain/market/contract.ts';
import { BUYER_SLOTS } from './draft-form.ts';
import { PT } from './portal-text.ts';

const ID_TYPE_TEXT = { 'resident-id': '居民身份证', 'hmt-residence-permit': '港澳台居民居住证', 'foreign-permanent-residence': '外国人永久居留身份证', passport: '护照', other: '其他' } as const;

export type DraftPageInput = {
  action: string;
  unit: BuildingUnit;
  place: string;
  values: Record<string, string>;
  buyers: readonly Buyer[];
  stations: readonly { id: string; name: string }[];
  problems: readonly string[];
  document: ContractDocument | null;
  canFile: boolean;
};

function buyerRow(i: number, v: Record<string, string>, b: Buyer | undefined, stations: DraftPageInput['stations']): Html {
  const f = (k: string) => v[`b${i}_${k}`] ?? '';
  return html`<fieldset class="card" data-buyer="${i}"><legend>${PT.draft.buyer(i + 1)}${b?.readOn ? PT.draft.fromCard : ''}</legend><div class="search">
<label>${PT.draft.name}<input name="b${i}_name" value="${f('name')}"></label>
<label>${PT.draft.idType}<select name="b${i}_idType">${Object.entries(ID_TYPE_TEXT).map(([k, t]) => html`<option value="${k}" ${k === (f('idType') || 'resident-id') ? 'selected' : ''}>${t}</option>`)}</select></label>
<label>${PT.draft.idNumber}<input name="b${i}_idNumber" value="${f('idNumber')}" autocomplete="off"></label>
<label>${PT.draft.share}<input name="b${i}_share" value="${f('share')}"></label>
<label>${PT.draft.phone}<input name="b${i}_phone" value="${f('phone')}" inputmode="tel"></label>
${stations.length > 0 ? html`<button type="submit" name="action" value="read:${i}" class="secondary">${PT.draft.readCard(i + 1)}</button>` : ''}</div></fieldset>`;
}

const field = (name: string, label: string, v: Record<string, string>, type = 'text') => html`<label>${label}<input name="${name}" value="${v[name] ?? ''}" type="${type}"></label>`;

/** The contract form with its problems and the contract text drafted from the model text. */
export function draftPage(p: DraftPageInput): Html {
  const v = p.values;
  const select = (name: string, options: Record<string, string>, fallback: string) =>
    html`<select name="${name}">${Object.entries(options).map(([k, t]) => html`<option value="${k}" ${k === (v[name] || fallback) ? 'selected' : ''}>${t}</option>`)}</select>`;
  return html`<p>${PT.draft.unit}：<b>${p.place} ${p.unit.room}</b> · ${PROPERTY_USE_TEXT[p.unit.use]} · ${areaText(p.unit.areaDm2)} · ${p.unit.unitNumber}</p>
${p.problems.length > 0 ? html`<div class="flag" role="alert" data-testid="draft-problems"><p>${PT.draft.problems}</p><ul>${p.problems.map((x) => html`<li>${x}</li>`)}</ul></div>` : p.document ? html`<p class="okbox" data-testid="draft-ready">${PT.draft.noProblems}</p>` : ''}
<form method="post" action="${p.action}" data-testid="draft-form"><input type="hidden" name="unitNumber" value="${p.unit.unitNumber}">
<h2>${PT.draft.buyers}</h2>${p.stations.length > 0 ? html`<label>${PT.draft.readFrom}<select name="station">${p.stations.map((s) => html`<option value="${s.id}">${s.name}</option>`)}</select></label>` : html`<p class="note">${PT.draft.noStation}</p>`}
${Array.from({ length: BUYER_SLOTS }, (_, i) => buyerRow(i, v, p.buyers[i], p.stations))}
<h2>${PT.draft.pricing}</h2><div class="search">
<label>${PT.draft.pricing}${select('basis', PRICING_BASIS_TEXT, 'building-area')}</label>${field('fenPerM2', PT.draft.fenPerM2, v)}${field('total', PT.draft.total, v)}${field('innerArea', PT.draft.innerArea, v)}</div>
<h2>${PT.draft.payment}</h2><div class="search"><label>${PT.draft.payment}${select('method', PAYMENT_METHOD_TEXT, 'lump-sum')}</label>${field('dueOn', PT.draft.dueOn, v, 'date')}
${field('downPayment', PT.draft.downPayment, v)}${field('downPaymentDueOn', PT.draft.downPaymentDueOn, v, 'date')}${field('loan', PT.draft.loan, v)}
<label>${PT.draft.loanKind}${select('loanKind', LOAN_KIND_TEXT, 'commercial')}</label>${field('lender', PT.draft.lender, v)}${field('otherText', PT.draft.otherText, v)}</div>
<label>${PT.draft.instalments}<textarea name="instalments" rows="3">${v['instalments'] ?? ''}</textarea></label>
<div class="search">${field('deliveryOn', PT.draft.delivery, v, 'date')}${field('signedOn', PT.draft.signedOn, v, 'date')}</div>
<p class="actions"><button type="submit" name="action" value="save">${PT.draft.save}</button>${p.canFile ? html`<button type="submit" name="action" value="file" data-testid="file-contract">${PT.draft.file}</button>` : ''}${p.document ? html`<button type="submit" name="action" value="discard" class="danger">${PT.draft.discard}</button>` : ''}</p></form>
${p.document ? html`<h2>${PT.draft.text}</h2><article class="card" data-testid="contract-text"><p><b>${p.document.code}</b> · 合同编号 ${p.document.contractNumber}</p><h3>${p.document.title}</h3>
${p.document.chapters.map((c) => html`<h4>${c.title}</h4>${c.articles.map((a) => html`<p><b>${a.heading}</b></p>${a.lines.map((l) => html`<p>${l}</p>`)}`)}`)}</article>` : ''}`;
}
