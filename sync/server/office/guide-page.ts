import { formatYuanText } from '#domain/money.ts';
import { type ServiceGuide } from '#domain/guide/guide-types.ts';

import { html, type Html } from './html.ts';

/** The service guide page, one section per business type; printable. */
export function renderGuide(g: ServiceGuide): Html {
  return html`<p>${g.title}（收费标准：${g.feeRuleVersion}）</p>
<ul>${g.generalNotes.map((n) => html`<li>${n}</li>`)}</ul>
<nav class="card">${g.items.map((i) => html`<a href="#${i.code}">${i.name}</a> `)}</nav>
${g.items.map(
  (i) => html`<section id="${i.code}" class="guide-item"><h2>${i.name} <small class="tag">${i.registrationType}</small></h2>
<p>办理时限：法定 ${i.legalDays} 个工作日（《不动产登记暂行条例》第二十条），承诺 <b>${i.promisedDays}</b> 个工作日，均自受理之日起按工作日计算；公告、审核中等待补正材料和暂停办理的时间不计入。</p>
<h3>申请材料</h3><ol>${i.materials.map((m) => html`<li>${m.name}${m.note ? html`<small>（${m.note}）</small>` : ''}</li>`)}</ol>
<h3>收费项目</h3>${
    i.fees.length === 0
      ? html`<p>不收费。</p>`
      : html`<table><thead><tr><th>项目</th><th>标准</th><th>依据</th><th>说明</th></tr></thead><tbody>${i.fees.map(
          (f) => html`<tr><td>${f.label}</td><td>${formatYuanText(f.amountFen)}</td><td>${f.basis}</td><td>${f.note}</td></tr>`,
        )}</tbody></table>`
  }
${i.feeRules.length > 0 ? html`<ul>${i.feeRules.map((r) => html`<li>${r}</li>`)}</ul>` : ''}
<p><small>法律依据：${i.legalBasis.join('；')}</small></p></section>`,
)}`;
}
