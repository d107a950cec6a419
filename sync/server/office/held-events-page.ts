import { caseEventLabel } from '#domain/case/events.ts';
import { can } from './permissions.ts';
import { type CaseDetail } from './case-detail.ts';
import { beijingTime } from './format.ts';
import { html, type Html } from './html.ts';
import { T } from './office-text.ts';
import { type Staff } from './session.ts';

const H = T.caseView.held;

/** The case page's banner for events held for a broken chain that nobody has decided on yet. */
export function renderHeldBanner(d: CaseDetail): Html | '' {
  const open = d.held.filter((h) => h.resolution === null).length;
  return open > 0 ? html`<div class="flag" id="held-banner" role="alert">${H.banner(open)}</div>` : '';
}

/** The held events with the supervisor's decision, or the form to make it (approvers only). */
export function renderHeldEvents(d: CaseDetail, staff: Staff): Html | '' {
  if (d.held.length === 0) return '';
  const mayResolve = can(staff, 'resolveChain');
  const rows = d.held.map(({ event: e, detail, resolution }) => {
    const decided = resolution
      ? html`<span class="tag ${resolution.decision === 'accepted' ? 'ok' : 'bad'}">${resolution.decision === 'accepted' ? H.accepted : H.rejected}</span>
<small>${d.staffNames[resolution.staffId] ?? resolution.staffId} ${beijingTime(resolution.resolvedAt)}：${resolution.note}</small>`
      : mayResolve
        ? html`<form method="post" action="/office/cases/${encodeURIComponent(d.caseDoc.id)}/held" data-event="${e.id}">
<input type="hidden" name="eventId" value="${e.id}">
<label for="note-${e.id}">${H.note}</label><textarea id="note-${e.id}" name="note" rows="2" required minlength="4"></textarea>
<p><button type="submit" name="decision" value="accepted" class="secondary">${H.accept}</button> <button type="submit" name="decision" value="rejected" class="danger">${H.reject}</button></p></form>`
        : html`<small>${H.onlyApprover}</small>`;
    return html`<tr data-held="${e.id}"><td>${beijingTime(e.at)}</td><td>${caseEventLabel(e)}</td><td><small>${e.deviceId.slice(0, 12)} / ${e.seq}</small></td>
<td><small>${JSON.stringify(e.payload).slice(0, 200)}</small></td><td><small>${detail}</small></td><td>${decided}</td></tr>`;
  });
  return html`<h2 id="held">${H.title}</h2><p class="note">${H.intro}</p>
<table><thead><tr>${H.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}
