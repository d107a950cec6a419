import { showAnswer } from './answered-page.ts';

/** What the historic import's status route answers (sync/server/office/archive/viewer-routes.ts). */
type HistoricStatus = { state: 'running' | 'imported' | 'refused' | 'failed'; pages: number; total: number; text: string };

/** How often the page asks how far the import is, once the file is sent. */
const POLL_MS = 1000;

const mb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/**
 * Sends the historic file with XMLHttpRequest, for its upload progress: the bytes sent, then (the file is on the
 * office) the pages split of the file's total from the status route of the form's token, once a second, then the page
 * the form's answer leads to, as the form without the script does. The texts come from the page (archive-text.ts).
 */
export function sendHistoric(form: HTMLFormElement, data: FormData, csrf: string): void {
  const shown = form.querySelector<HTMLElement>('#historic-progress');
  const bar = form.querySelector<HTMLProgressElement>('#historic-bar');
  const token = data.get('progress');
  const statusUrl = `${form.dataset['progress'] ?? ''}${typeof token === 'string' ? token : ''}`;
  const show = (text: string, value: number, max: number): void => {
    if (shown) {
      shown.hidden = false;
      shown.textContent = text;
    }
    if (bar) {
      bar.hidden = false;
      bar.max = Math.max(1, max);
      bar.value = value;
    }
  };
  for (const button of form.querySelectorAll('button')) button.disabled = true;
  let done = false;
  const ask = async (): Promise<void> => {
    if (done) return;
    const res = await fetch(statusUrl, { headers: { accept: 'application/json' }, cache: 'no-store' }).catch(() => null);
    // Not known yet (the office is still reading the form) or gone: the upload's own answer ends it either way.
    if (res?.ok && !done) {
      const s = (await res.json()) as HistoricStatus;
      if (s.state === 'running') show(s.text, s.pages, s.total);
    }
    if (!done) setTimeout(() => void ask(), POLL_MS);
  };
  const xhr = new XMLHttpRequest();
  xhr.upload.addEventListener('progress', (e) => {
    if (e.lengthComputable) show((form.dataset['sending'] ?? '').replace('{sent}', mb(e.loaded)).replace('{total}', mb(e.total)), e.loaded, e.total);
  });
  xhr.upload.addEventListener('load', () => {
    show(form.dataset['checking'] ?? '', 0, 1);
    setTimeout(() => void ask(), POLL_MS);
  });
  xhr.addEventListener('loadend', () => {
    done = true;
    // The office answers with the viewer page and its message: imported, a 303 the request followed; refused, the
    // page itself under a 4xx. As the plain form gets.
    if (xhr.status >= 400 && xhr.status < 500 && xhr.responseText !== '') showAnswer(xhr.responseText);
    else location.href = xhr.responseURL || form.action.replace(/\/historic$/, '');
  });
  xhr.open('POST', form.action);
  xhr.setRequestHeader('x-csrf-token', csrf);
  xhr.send(data);
}
