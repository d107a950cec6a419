/**
 * The archive viewer's page script: turns pages in place (thumbnail clicks, ← → Home End PageUp PageDown, a
 * horizontal swipe on touch screens), shows the page's thumbnail at once and swaps in the full image when it has
 * loaded, loads the strip's thumbnails once that page is up, and loads the neighbours' full images ahead. Uploads
 * photos and historic files with the session's CSRF token, a historic file showing how far its import is.
 */
import { showAnswer } from './answered-page.ts';
import { sendHistoric } from './historic-progress.ts';
import { followImport } from './import-progress.ts';

const viewer = document.getElementById('viewer');
const stage = document.getElementById('viewer-stage');
const image = document.getElementById('page-image') as HTMLImageElement | null;
const caption = document.getElementById('page-caption');
const position = document.getElementById('position');
const failed = document.getElementById('render-failed');
const links = [...document.querySelectorAll<HTMLAnchorElement>('.thumbs a[data-index]')];
/** A horizontal move this long (CSS px) with little vertical drift is a swipe. */
const SWIPE_PX = 50;

let current = Number(viewer?.dataset['current'] ?? 0);
let shown = 0;

/** The strip's thumbnails, once the first page is up (or failed): before, they would take the office's renderer from it. */
function loadStrip(): void {
  for (const img of document.querySelectorAll<HTMLImageElement>('.thumbs img[data-src]')) {
    img.src = img.dataset['src'] ?? '';
    img.removeAttribute('data-src');
  }
}

function show(index: number): void {
  const link = links[index];
  if (!link || !image) return;
  current = index;
  const ticket = ++shown;
  const full = link.dataset['full'] ?? '';
  image.src = link.dataset['thumb'] ?? '';
  image.alt = link.dataset['caption'] ?? '';
  image.dataset['full'] = full;
  image.dataset['loaded'] = 'thumb';
  if (caption) caption.textContent = link.dataset['caption'] ?? '';
  if (position) position.textContent = `${index + 1} / ${links.length}`;
  if (failed) failed.hidden = true;
  for (const l of links) l.removeAttribute('aria-current');
  link.setAttribute('aria-current', 'true');
  link.scrollIntoView({ block: 'nearest' });
  history.replaceState(null, '', `?p=${index + 1}`);
  const loader = new Image();
  loader.onload = () => {
    if (ticket !== shown) return;
    image.src = full;
    image.dataset['loaded'] = 'full';
    // The strip and the neighbours only once this page is decoded and painted: fetched alongside, they would share
    // the office's renderer with it, and starting a long strip's images keeps the browser's main thread from painting it.
    void image.decode().catch(() => undefined).then(() => requestAnimationFrame(() => setTimeout(() => {
      loadStrip();
      if (ticket !== shown) return;
      for (const n of [index + 1, index - 1]) {
        const next = links[n]?.dataset['full'];
        if (next) new Image().src = next;
      }
    }, 0)));
  };
  loader.onerror = () => {
    loadStrip();
    if (ticket === shown && failed) failed.hidden = false;
  };
  loader.src = full;
}

const turn = (by: number) => show(Math.min(links.length - 1, Math.max(0, current + by)));

for (const link of links) {
  link.addEventListener('click', (e) => {
    e.preventDefault();
    show(Number(link.dataset['index']));
    stage?.focus();
  });
}
document.getElementById('prev')?.addEventListener('click', (e) => {
  e.preventDefault();
  turn(-1);
});
document.getElementById('next')?.addEventListener('click', (e) => {
  e.preventDefault();
  turn(1);
});

document.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement | null;
  if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
  const moves: Record<string, () => void> = {
    ArrowRight: () => turn(1), PageDown: () => turn(1), ArrowLeft: () => turn(-1), PageUp: () => turn(-1),
    Home: () => show(0), End: () => show(links.length - 1),
  };
  const move = moves[e.key];
  if (move) {
    e.preventDefault();
    move();
  }
});

let start: { x: number; y: number } | null = null;
stage?.addEventListener('pointerdown', (e) => {
  if (e.pointerType !== 'mouse') start = { x: e.clientX, y: e.clientY };
});
stage?.addEventListener('pointerup', (e) => {
  if (!start) return;
  const dx = e.clientX - start.x;
  const dy = e.clientY - start.y;
  start = null;
  if (Math.abs(dx) >= SWIPE_PX && Math.abs(dy) < Math.abs(dx) / 2) turn(dx < 0 ? 1 : -1);
});
stage?.addEventListener('pointercancel', () => {
  start = null;
});

// The upload forms go by fetch (the historic one to show its progress), with the CSRF token moved into the header,
// which the office checks before it reads the body; without this script the form sends the token as its first
// field, read ahead of the file (sync/server/office/csrf-guard.ts).
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-upload]')) {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const sent = data.get('_csrf');
    const token = typeof sent === 'string' ? sent : '';
    data.delete('_csrf');
    if (form.dataset['progress'] !== undefined) {
      sendHistoric(form, data, token);
      return;
    }
    void fetch(form.action, { method: 'POST', body: data, headers: { 'x-csrf-token': token } }).then(async (res) => {
      if (!res.ok && !res.redirected) showAnswer(await res.text());
      else location.href = res.url;
    });
  });
}

// A running import's page follows its progress in place.
followImport();

// The page as served shows its thumbnail; fetch the full page (and its neighbours) now.
if (links.length > 0) show(current);
