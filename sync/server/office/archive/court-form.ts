import { type RegisterView } from '#domain/register/project.ts';
import { SEIZURE_STANDING_TEXT } from '#domain/register/register-text.ts';
import { html, type Html } from '#server/office/html.ts';
import { A } from './archive-text.ts';

const C = A.court;

/** The fields every court document has (实施细则 第九十条: 协助执行通知书, with the 裁定书). */
const documentFields = (act: string): Html => html`<label for="${act}-court">${C.court}</label><input id="${act}-court" name="court" required maxlength="100">
<label for="${act}-notice">${C.noticeNumber}</label><input id="${act}-notice" name="noticeNumber" required maxlength="100">
<label for="${act}-ruling">${C.rulingNumber}</label><input id="${act}-ruling" name="rulingNumber" required maxlength="100">
<label for="${act}-delivered">${C.deliveredAt}</label><input id="${act}-delivered" name="deliveredAt" type="datetime-local" required>`;

/**
 * The three court forms under the register: 查封 (the office records it as 轮候 when the unit is already seized),
 * 续封 of the seizure in effect, 解封 of any live seizure with its reason.
 */
export function renderCourtForm(v: RegisterView): Html {
  const action = `/office/archive/units/${encodeURIComponent(v.unitNumber)}/court`;
  const live = [...(v.seizures.effective ? [v.seizures.effective] : []), ...v.seizures.waiting];
  const option = (s: (typeof live)[number]) => html`<option value="${s.seizureId}">${SEIZURE_STANDING_TEXT[s.standing]} · ${s.document.court} ${s.document.noticeNumber}</option>`;
  const seized = v.seizures.effective !== null;
  return html`<h2 id="court-acts">${C.title}</h2><p>${C.intro}</p><div class="actions">
<form method="post" action="${action}" id="form-seize"><input type="hidden" name="act" value="seize"><b>${C.acts.seize}</b>
${documentFields('seize')}<label for="seize-respondent">${C.respondent}</label><input id="seize-respondent" name="respondent" required maxlength="100">
${seized
  ? html`<label for="seize-term">${C.termMonths}</label><input id="seize-term" name="termMonths" type="number" min="1" max="36" value="36" required>`
  : html`<label for="seize-from">${C.from}</label><input id="seize-from" name="from" type="date" required><label for="seize-to">${C.to}</label><input id="seize-to" name="to" type="date" required>`}
<p><button type="submit" class="danger">${C.submit}</button></p></form>
${v.seizures.effective
  ? html`<form method="post" action="${action}" id="form-renew"><input type="hidden" name="act" value="renew"><b>${C.acts.renew}</b>
<label for="renew-target">${C.target}</label><select id="renew-target" name="seizureId">${option(v.seizures.effective)}</select>
${documentFields('renew')}<label for="renew-to">${C.to}</label><input id="renew-to" name="to" type="date" required>
<p><button type="submit">${C.submit}</button></p></form>`
  : ''}
${live.length > 0
  ? html`<form method="post" action="${action}" id="form-lift"><input type="hidden" name="act" value="lift"><b>${C.acts.lift}</b>
<label for="lift-target">${C.target}</label><select id="lift-target" name="seizureId">${live.map(option)}</select>
${documentFields('lift')}<label for="lift-reason">${C.reason}</label><textarea id="lift-reason" name="reason" required maxlength="500"></textarea>
<p><button type="submit">${C.submit}</button></p></form>`
  : ''}</div>`;
}
