import { PROPERTY_USE_TEXT } from '#domain/business/business-kinds.ts';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { fen, formatYuanWithSign } from '#domain/money.ts';
import { type CertificateContent } from '#domain/query/certificate.ts';
import { LAWYER_MODE_TEXT, QUERY_INDEX_TEXT, QUERY_RESULT_TEXT as Q, REQUESTER_KIND_TEXT } from '#domain/query/query-text.ts';
import { type QueryPermission } from '#domain/query/requests.ts';
import { type QueryResult } from '#domain/query/result.ts';
import { SEIZURE_STANDING_TEXT } from '#domain/register/register-text.ts';
import { html, type Html } from '#server/office/html.ts';
import { A } from './archive-text.ts';
import { type QueryForm } from './query-contract.ts';

const T = A.query;

const input = (name: keyof QueryForm, label: string, value: string | undefined, extra: Html | string = '') => html`<label for="q-${name}">${label}</label><input id="q-${name}" name="${name}" value="${value ?? ''}" ${extra}>`;
const check = (name: keyof QueryForm, label: string, on: boolean) => html`<label><input type="checkbox" id="q-${name}" name="${name}" ${on ? 'checked' : ''} style="min-width:0"> ${label}</label>`;
const select = (name: keyof QueryForm, label: string, options: Record<string, string>, value: string | undefined) =>
  html`<label for="q-${name}">${label}</label><select id="q-${name}" name="${name}">${Object.entries(options).map(([k, v]) => html`<option value="${k}" ${value === k ? 'selected' : ''}>${v}</option>`)}</select>`;

/** The counter's query form. Every section is shown: staff fill the one of the requester's kind. */
export function renderQueryForm(values: Partial<Record<keyof QueryForm | 'station', string>>, stations: { id: string; name: string }[]): Html {
  return html`<p>${T.intro}</p><form method="post" action="/office/archive/queries" class="card" id="query-form">
${select('kind', T.kind, REQUESTER_KIND_TEXT, values.kind)}
<fieldset><legend>${T.identity}</legend>
${stations.length === 0 ? html`<p class="note">${T.noStation}</p>` : html`<label for="q-station">${T.station}</label><select id="q-station" name="station">${stations.map((s) => html`<option value="${s.id}" ${values.station === s.id ? 'selected' : ''}>${s.name}</option>`)}</select> <button type="submit" class="secondary" id="q-read-card" formaction="/office/archive/queries/read-card" formnovalidate>${T.readCard}</button>`}
<input type="hidden" id="q-readerRequestId" name="readerRequestId" value="${values.readerRequestId ?? ''}">
${input('name', T.name, values.name, 'maxlength="100"')}${select('idType', T.idType, T.idTypes, values.idType)}${input('idNumber', T.idNumber, values.idNumber, 'maxlength="40" autocomplete="off"')}</fieldset>
${input('purpose', T.purpose, values.purpose, 'maxlength="500" required')}
${select('by', T.index, QUERY_INDEX_TEXT, values.by)}${input('value', T.value, values.value, 'maxlength="300" required')}
${check('wantsOriginals', T.wantsOriginals, values.wantsOriginals === 'on')}${check('promised', T.promised, values.promised === 'on')}
<fieldset data-for="holder"><legend>${T.holderSection}</legend>${input('standIn', T.standIn, values.standIn)}</fieldset>
<fieldset data-for="interested"><legend>${T.interestedSection}</legend>${select('proofKind', T.proofKind, T.proofKinds, values.proofKind)}${input('proofNumber', T.proofNumber, values.proofNumber)}</fieldset>
<fieldset data-for="lawyer"><legend>${T.lawyerSection}</legend>${select('lawyerMode', T.lawyerMode, LAWYER_MODE_TEXT, values.lawyerMode)}${input('licenceNumber', T.licenceNumber, values.licenceNumber)}${input('firm', T.firm, values.firm)}${input('client', T.client, values.client)}${input('document', T.document, values.document)}${check('orderCoversOriginals', T.orderCoversOriginals, values.orderCoversOriginals === 'on')}${input('claimedHolder', T.claimedHolder, values.claimedHolder)}</fieldset>
<fieldset data-for="authority"><legend>${T.authoritySection}</legend>${input('organ', T.organ, values.organ)}${input('noticeNumber', T.noticeNumber, values.noticeNumber)}${input('permitNumber', T.permitNumber, values.permitNumber)}</fieldset>
<p><button type="submit">${T.submit}</button></p></form>`;
}

const yesNo = (b: boolean) => (b ? Q.yes : Q.no);
const money = (f: number | null) => (f === null ? '未记载' : formatYuanWithSign(fen(f)));

/** One unit's result, as the certificate will print it: what the requester may see and nothing more. */
export function renderResult(r: QueryResult): Html {
  if (r.scope === 'facts') {
    return html`<table class="result" data-scope="facts" data-unit="${r.unitNumber}"><tbody>
<tr><th>坐落</th><td>${r.natural?.address ?? '—'}</td></tr><tr><th>${Q.coOwned}</th><td>${yesNo(r.isCoOwned)}</td></tr><tr><th>${Q.mortgage}</th><td>${yesNo(r.hasMortgage)}</td></tr>
<tr><th>${Q.advanceNotice}</th><td>${yesNo(r.hasAdvanceNotice)}</td></tr><tr><th>${Q.objection}</th><td>${yesNo(r.hasObjection)}</td></tr><tr><th>${Q.seized}</th><td>${yesNo(r.isSeizedOrRestricted)}</td></tr>
${r.lawyer ? html`<tr><th>权利人核验</th><td>${Q.nameMatch(r.lawyer.claimedHolder, r.lawyer.matches)}</td></tr><tr><th>共有形式</th><td>${r.lawyer.holding ?? '—'}</td></tr><tr><th>查封机关</th><td>${r.lawyer.seizedBy.join('、') || '无'}</td></tr>` : ''}
</tbody></table>`;
  }
  const n = r.natural;
  return html`<table class="result" data-scope="register" data-unit="${r.unitNumber}"><tbody>
<tr><th>坐落</th><td>${n?.address ?? '—'}</td></tr><tr><th>面积 / 用途</th><td>${n ? `${n.areaM2} m² / ${PROPERTY_USE_TEXT[n.use]}` : '—'}</td></tr>
<tr><th>权利人</th><td class="holders">${r.holders.map((h) => `${h.name}（${h.idNumber ?? '—'}，${h.holding}）`).join('；') || '无'}</td></tr>
<tr><th>证书号</th><td>${r.certificateNumber ?? '待缮证'}</td></tr>
<tr><th>抵押权</th><td>${r.mortgages.map((m) => `第${m.rank}顺位 ${m.mortgagee} ${money(m.amountFen)}`).join('；') || '无'}</td></tr>
<tr><th>查封</th><td>${r.seizures.map((s) => `${SEIZURE_STANDING_TEXT[s.standing]} ${s.court} ${s.noticeNumber}`).join('；') || '无'}</td></tr>
<tr><th>预告 / 异议</th><td>${r.advanceNotices.length > 0 ? '有预告登记' : '无预告登记'} / ${r.objections.length > 0 ? '有异议登记' : '无异议登记'}</td></tr>
<tr><th>合同备案</th><td>${r.contractFiling?.contractNumber ?? '无'}</td></tr>
<tr><th>登记历史</th><td>${r.history ? html`<ol>${r.history.map((h) => html`<li>${chinaDateTime(h.at)} ${h.kind}：${h.text}</li>`)}</ol>` : Q.noHistory}</td></tr>
</tbody></table>${r.originals ? html`<p><a class="button secondary" href="/office/archive/viewer/${encodeURIComponent(r.unitNumber)}">${T.originals}</a></p>` : ''}`;
}

export function renderQueryResult(seq: number, permission: QueryPermission, results: readonly QueryResult[]): Html {
  return html`<p>${T.basis}：<b id="basis">${permission.basis}</b>；<span id="scope">${permission.results === 'register' ? T.scopeRegister : T.scopeFacts}</span></p>
${results.length === 0 ? html`<p class="note" id="no-units">${T.noUnits}</p>` : results.map((r) => html`<h2>不动产单元 <code>${r.unitNumber}</code></h2>${renderResult(r)}`)}
<form method="post" action="/office/archive/queries/${seq}/certificate" target="_blank"><button type="submit" id="issue-certificate">${T.certificate}</button></form>`;
}

/** What the public verify page shows of a valid certificate: what it said when issued. */
export function renderCertificateContent(c: CertificateContent): Html {
  if (c.kind === 'holdings') {
    const p = c.proof;
    return html`<table><tbody><tr><th>${A.verify.id}</th><td>${c.id}</td></tr><tr><th>${A.verify.issuedAt}</th><td>${chinaDateTime(c.issuedAt)}</td></tr>
<tr><th>姓名</th><td>${p.person.name}</td></tr><tr><th>结论</th><td><b>${p.hasHousing ? Q.hasHousing : Q.noHousing}</b>（${p.units.length} 处）</td></tr></tbody></table>`;
  }
  return html`<table><tbody><tr><th>${A.verify.id}</th><td>${c.id}</td></tr><tr><th>${A.verify.issuedAt}</th><td>${chinaDateTime(c.issuedAt)}</td></tr>
<tr><th>查询人</th><td>${c.requester.name}（${REQUESTER_KIND_TEXT[c.requester.kind]}）</td></tr><tr><th>查询目的</th><td>${c.purpose}</td></tr></tbody></table>
${c.results.map((r) => html`<h2>不动产单元 <code>${r.unitNumber}</code></h2>${renderResult({ ...r, ...(r.scope === 'register' ? { originals: false } : {}) })}`)}`;
}
