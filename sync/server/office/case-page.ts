import { formatYuanText } from '#domain/money.ts';
import { beijingTime } from './format.ts';
import { caseEventLabel, PAYMENT_METHOD_TEXT } from '#domain/case/events.ts';
import { businessKindLabel, officeActionsFor, roleShortLabel } from './domain-adapter.ts';
import { html, type Html } from './html.ts';
import { T } from './office-text.ts';
import { type CaseDetail } from './case-detail.ts';
import { renderHeldBanner, renderHeldEvents } from './held-events-page.ts';
import { type CaseStatusView } from './review-model.ts';
import { type Staff } from './session.ts';

const FLAG_TEXT = { seized: '查封', mortgaged: '抵押', advanceNotice: '预告', inProgress: '在办' } as const;

/** The case page: who, what, which unit and its status now, materials, money, history, and the actions. */
/** What a refused action's form had typed in: shown again in that form, so the opinion need not be written twice. */
export type TypedAction = { action: string; reason: string; outOfOrderReason: string; missing: readonly string[] };

export function renderCasePage(d: CaseDetail, staff: Staff, queuePosition: number | null, now: string, filing: Html = html``, typed: TypedAction | null = null): Html {
  const c = d.caseDoc;
  const stop = d.units.find((u) => u.stopReason !== null);
  return html`
${renderHeldBanner(d)}
${stop ? html`<div class="flag" id="unit-stop">${T.caseView.unitBlocked}：${stop.stopReason}</div>` : ''}
<div class="grid">
<div class="card"><b>业务类型</b><br>${businessKindLabel(c.businessKind)}</div>
<div class="card"><b>当前阶段</b><br><span class="tag" id="stage">${d.status.stageLabel}</span></div>
<div class="card"><b>案件号 / 受理时间</b><br>${d.caseNumber ?? '—'}<br>${beijingTime(d.status.acceptedAt)}</div>
${renderTimeLimits(d.status)}
<div class="card"><b>出车任务</b><br>${d.trip ? `${d.trip.date} ${d.trip.vanId}` : c.tripId}</div>
</div>
<h2>${T.caseView.applicants}</h2>
<table><thead><tr><th>姓名</th><th>身份</th><th>证件号码</th></tr></thead><tbody>${c.applicants.map(
    (a) => html`<tr><td>${a.name}</td><td>${a.side === 'holder' ? '权利人' : '义务人'}</td><td>${a.idNumber}</td></tr>`,
  )}</tbody></table>
<h2>${T.caseView.unit}</h2>
<table><thead><tr><th>单元号</th><th>坐落</th><th>状态（快照时间）</th><th>能否继续办理</th></tr></thead><tbody>${d.units.map(
    (u) => html`<tr><td><code>${u.unitId}</code></td><td>${u.unit?.address ?? '局端无该单元记录'}</td>
<td>${u.unit ? html`${(Object.keys(FLAG_TEXT) as (keyof typeof FLAG_TEXT)[]).filter((k) => u.unit?.flags[k]).map((k) => html`<span class="tag warn">${FLAG_TEXT[k]}</span> `)}<small class="snapshot-at">${T.caseView.statusAsOf(u.unit.snapshotAt)}</small>` : ''}</td>
<td>${u.stopReason ? html`<span class="tag bad">${u.stopReason}</span>` : html`<span class="tag ok">可以</span>`}</td></tr>`,
  )}</tbody></table>
${filing}
<h2>${T.caseView.materials}</h2>
<table id="materials"><thead><tr><th>材料</th><th>原件/复印件</th><th>份数</th><th>页数</th><th>扫描件</th></tr></thead><tbody>${d.materials.map(
    (m) => html`<tr data-material="${m.line?.key ?? ''}"><td>${m.line?.name ?? m.scans[0]?.material.name ?? ''}${m.line?.later ? html` <small>（${T.caseView.suppliedLater(beijingTime(m.line.at))}）</small>` : ''}</td>
<td>${(m.line?.original ?? m.scans[0]?.material.original) ? '原件' : '复印件'}</td><td>${m.line?.count ?? m.scans[0]?.material.copies ?? ''}</td><td class="pages">${m.line?.pages ?? m.scans.reduce((n, s) => n + s.pages, 0)}</td>
<td>${m.scans.length === 0 ? html`<span class="tag">${T.caseView.paperOnly}</span>` : m.scans.map((s) => (s.verified ? html`<a href="/office/scans/${s.sha256}">查看</a> <span class="tag ok">已校验</span> ` : html`<span class="tag bad">未收到或未校验</span> `))}</td></tr>`,
  )}</tbody></table>
<h2>${T.caseView.fees}</h2>
<p>${d.fee ? html`按${d.fee.rulesLabel}应收 <b>${formatYuanText(d.fee.expectedFen)}</b>` : '无法按规则重新计算（缺少计费事件或收费标准）'}</p>
<h2>${T.caseView.receipts}</h2>
<table id="receipts"><thead><tr>${T.caseView.receiptsHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${d.receipts.map(
    (r) => html`<tr data-receipt="${r.number}"><td>${r.number}</td><td>${formatYuanText(r.amountFen)}</td><td>${r.payer}</td><td>${beijingTime(r.issuedAt)}</td><td>${r.voided ? html`<span class="tag warn">已作废</span>` : '有效'}</td>
<td class="reprints">${r.reprints.length === 0 ? T.caseView.notReprinted : r.reprints.map((p, i) => html`${i > 0 ? html`<br>` : ''}${T.caseView.reprinted(i + 1, beijingTime(p.at), d.staffNames[p.actor] ?? p.actor, p.reason)}`)}</td></tr>`,
  )}</tbody></table>
<h2>${T.caseView.history}</h2>
<p id="chain-verdict">${d.chainIntact ? html`<span class="tag ok">${T.caseView.chainOk}</span>` : html`<span class="tag bad">${T.caseView.chainBroken}</span>`}
${d.chains.map((ch) => html` <small>${ch.deviceId === 'office' ? T.caseView.officeDevice : ch.deviceId}：${T.caseView.chainState[ch.state]}${ch.detail ? `（${ch.detail}）` : ''}</small>`)}</p>
<table><thead><tr><th>时间</th><th>事件</th><th>操作人</th><th>终端 / 序号</th><th>内容</th><th>哈希</th></tr></thead><tbody>${d.events.map(
    (e) => html`<tr><td>${beijingTime(e.at)}</td><td>${caseEventLabel(e)}</td><td>${d.staffNames[e.actor] ?? e.actor}</td><td><small>${e.deviceId === 'office' ? T.caseView.officeDevice : e.deviceId.slice(0, 12)} / ${e.seq}</small></td>
<td><small>${summary(e.payload)}</small></td><td>${e.hashOk ? html`<span class="tag ok">✓</span>` : html`<span class="tag bad">不符</span>`} <code>${e.hash.slice(0, 12)}</code></td></tr>`,
  )}</tbody></table>
${renderHeldEvents(d, staff)}
${d.queueSkips.length > 0 ? html`<h2>提前办理记录</h2><ul>${d.queueSkips.map((s) => html`<li>${beijingTime(s.at)} ${d.staffNames[s.staffId] ?? s.staffId}（${s.level} 级）：${s.reason}；越过 ${s.skippedIds.join('、')}</li>`)}</ul>` : ''}
${renderActions(d, staff, queuePosition, now, typed)}`;
}

/** The legal limit beside the office's promise, each moved on by the days paused, and where the clock stands. */
function renderTimeLimits(s: CaseStatusView): Html {
  const L = T.caseView.limits;
  if (s.clock === null || s.legalDue === null || s.promisedDue === null || s.legalDays === null || s.promisedDays === null) {
    return html`<div class="card" id="time-limits"><b>${L.title}</b><br>${L.none}</div>`;
  }
  const left = (n: number | null) => (n === null ? '' : html` <small>${s.clock === 'done' ? L.atRegistration : ''}${T.queue.workingDaysLeft(n)}</small>`);
  return html`<div class="card" id="time-limits" data-clock="${s.clock}"><b>${L.title}</b>${s.isOverdue ? html` <span class="tag bad">${L.overdue}</span>` : ''}
<br><span id="legal-limit">${L.legal(s.legalDays, s.legalDue)}</span>${left(s.legalDaysLeft)}
<br><span id="promised-limit">${L.promised(s.promisedDays, s.promisedDue)}</span>${left(s.promisedDaysLeft)}
${s.provisional ? html`<br><small>${L.provisional}</small>` : ''}
<br><small id="clock-state">${L.clock[s.clock]}${s.pausedWorkingDays > 0 ? `；${L.paused(s.pausedWorkingDays)}` : ''}</small></div>`;
}

function renderActions(d: CaseDetail, staff: Staff, queuePosition: number | null, now: string, typed: TypedAction | null): Html {
  if (d.status.isClosed) return html`<p class="note">案件已办结或已终止，不能再操作。</p>`;
  const level = d.status.awaitingLevel;
  // Only what the domain would accept from this person is offered; a review they may not do says why.
  const judged = officeActionsFor(d.caseDoc, d.countedEvents, staff, now);
  const allowed = new Set(judged.filter((j) => j.refusal === null).map((j) => j.action));
  const passRefusal = level ? (judged.find((j) => j.action === 'pass')?.refusal ?? null) : null;
  const outOfOrder = queuePosition !== null && queuePosition > 1;
  const form = (action: string, label: string, cls: string, needsReason: boolean, extra: Html | '' = '') => html`<form method="post" action="/office/cases/${encodeURIComponent(d.caseDoc.id)}/actions">
<input type="hidden" name="action" value="${action}">${extra}
<label for="reason-${action}">${T.caseView.reason}</label><textarea id="reason-${action}" name="reason" rows="2" ${needsReason ? 'required' : ''}>${typed?.action === action ? typed.reason : ''}</textarea>
<p><button type="submit" class="${cls}" data-action="${action}">${label}</button></p></form>`;
  const outOfOrderField = outOfOrder
    ? html`<p class="note">${T.queue.outOfOrderRequired}（队列第 ${queuePosition ?? 0} 位）</p><label for="outOfOrderReason">${T.queue.outOfOrderReason}</label><textarea id="outOfOrderReason" name="outOfOrderReason" rows="2" required>${typed?.action === 'pass' ? typed.outOfOrderReason : ''}</textarea>`
    : '';
  return html`<h2>${T.caseView.actions}${level ? `（${T.levels[level]}）` : ''}</h2>
<p><small>当前登录：${staff.name}（${staff.roles.map(roleShortLabel).join('、')}）。权限由服务器按岗位与审查级别核验，同一案件三级审查须由三个不同的人完成。</small></p>
<div class="actions">
${passRefusal ? html`<p class="note" id="not-yours">${passRefusal}</p>` : ''}
${level && allowed.has('pass') ? form('pass', `${T.levels[level]}${T.caseView.pass}`, '', level === 1, outOfOrderField) : ''}
${allowed.has('start-publication') ? form('start-publication', T.caseView.startPublication, 'secondary', true) : ''}
${allowed.has('end-publication') ? form('end-publication', T.caseView.endPublication, '', false) : ''}
${allowed.has('register') ? form('register', T.caseView.register, '', false) : ''}
${allowed.has('return-for-correction') ? form('return-for-correction', T.caseView.returnForCorrection, 'secondary', true, html`<fieldset><legend>缺少或不合格的材料</legend>${d.requiredMaterials.map((m) => html`<label><input type="checkbox" name="missing" value="${m.key}" style="min-width:0"${typed?.action === 'return-for-correction' && typed.missing.includes(m.key) ? ' checked' : ''}> ${m.name}</label>`)}</fieldset>`) : ''}
${allowed.has('refuse') ? form('refuse', T.caseView.refuse, 'danger', true) : ''}
${allowed.has('withdraw') ? form('withdraw', T.caseView.withdraw, 'secondary', true) : ''}
${allowed.size === 0 && !passRefusal ? html`<p class="note">${T.caseView.nothingForYou}</p>` : ''}
</div>`;
}

const SUMMARY_FIELDS: [string, string][] = [
  ['caseNumber', '案件号'],
  ['opinion', '意见'],
  ['reason', '理由'],
  ['missing', T.caseView.missingMaterials],
  ['outOfOrderReason', '提前办理理由'],
  ['receiptNumber', '票据号'],
  ['totalFen', '金额'],
  ['method', '支付方式'],
  ['message', '说明'],
  ['unitStatusCheckedAt', '单元状态核查时间'],
];

/** The fields of an event a reviewer reads; the full payload is in the API answer and covered by the hash. */
function summary(payload: Record<string, unknown>): string {
  return SUMMARY_FIELDS.flatMap(([key, label]) => {
    const v = payload[key];
    if (v === undefined || v === '') return [];
    if (key === 'totalFen' && typeof v === 'number') return [`${label}：${formatYuanText(v)}`];
    if (key === 'unitStatusCheckedAt' && typeof v === 'string') return [`${label}：${beijingTime(v)}`];
    // 补正's materials (the office's return, the van's one-time notice), by name: what the applicant was asked to bring.
    if (key === 'missing' && Array.isArray(v)) {
      const names = v.flatMap((m: unknown) => (typeof m === 'object' && m !== null && 'name' in m && typeof m.name === 'string' ? [m.name] : []));
      return names.length === 0 ? [] : [`${label}：${names.join('、')}`];
    }
    if (key === 'method' && typeof v === 'string') return [`${label}：${(PAYMENT_METHOD_TEXT as Record<string, string>)[v] ?? v}`];
    return typeof v === 'string' || typeof v === 'number' ? [`${label}：${v}`] : [];
  }).join('；');
}
