/** What the import's status route answers (`ImportStatusView` in sync/server/office/archive/import-routes.ts). */
type ImportStatus = { status: string; tone: string; text: string; total: number; imported: number; problemsTitle: string; problems: string[] };

/** How often a running import's page asks how far it is. */
const POLL_MS = 1000;
/** After a failed request (the server restarting), ask again less often. */
const RETRY_MS = 5000;

function showProblems(box: HTMLElement, s: ImportStatus): void {
  const title = document.createElement('h2');
  title.textContent = s.problemsTitle;
  const list = document.createElement('ol');
  list.id = 'import-problems';
  for (const line of s.problems) {
    const item = document.createElement('li');
    item.textContent = line;
    list.append(item);
  }
  box.replaceChildren(...(s.problems.length === 0 ? [] : [title, list]));
}

/**
 * A running import's page follows it without a reload: it asks the import's status route every second and shows the
 * count in place, and once the import ends, its outcome and every problem by row, as the page does when opened then.
 */
export function followImport(): void {
  const status = document.querySelector<HTMLElement>('#import-status[data-poll]');
  const url = status?.dataset['poll'];
  if (!status || !url) return;
  const bar = document.querySelector<HTMLProgressElement>('#import-progress');
  const box = document.querySelector<HTMLElement>('#import-problems-box');
  const ask = async (): Promise<void> => {
    const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' }).catch(() => null);
    if (!res?.ok) {
      setTimeout(() => void ask(), RETRY_MS);
      return;
    }
    const s = (await res.json()) as ImportStatus;
    status.textContent = s.text;
    status.className = s.tone;
    status.dataset['status'] = s.status;
    if (bar) {
      bar.max = Math.max(1, s.total);
      bar.value = s.imported;
    }
    if (box && s.problems.length !== box.querySelectorAll('li').length) showProblems(box, s);
    if (s.status === 'running') setTimeout(() => void ask(), POLL_MS);
    else bar?.remove();
  };
  setTimeout(() => void ask(), POLL_MS);
}
