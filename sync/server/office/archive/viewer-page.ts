import { randomBytes } from 'node:crypto';
import { html, type Html } from '#server/office/html.ts';
import { A } from './archive-text.ts';
import { type UnitArchive, type ViewerFile, type ViewerGroup } from './viewer-service.ts';

const V = A.viewer;
const GROUPS: readonly ViewerGroup[] = ['photo', 'case', 'legacy'];

/** One page of one file, in the order the viewer turns through them. */
export type ViewerPage = { index: number; file: ViewerFile; page: number; caption: string; thumb: string; full: string };

export const pageImageUrl = (sha256: string, page: number, size: 'thumb' | 'full'): string => `/office/archive/files/${sha256}/${page}/${size}.jpg`;

function titleOf(f: ViewerFile): string {
  return f.group === 'case' ? V.caseTitle(f.caseNumber ?? '', f.title) : f.title;
}

/** Every page of the unit's archive: photos first, then each case's materials, then historic files. */
export function pagesOf(archive: UnitArchive): ViewerPage[] {
  const out: ViewerPage[] = [];
  for (const group of GROUPS) {
    for (const file of archive.files.filter((f) => f.group === group)) {
      for (let page = 1; page <= file.pages; page++) {
        out.push({ index: out.length, file, page, caption: V.caption(titleOf(file), page, file.pages), thumb: pageImageUrl(file.sha256, page, 'thumb'), full: pageImageUrl(file.sha256, page, 'full') });
      }
    }
  }
  return out;
}

/** Which page to open: `?p=` (1-based), else the first page of `?case=`, else the first. */
export function startIndex(pages: readonly ViewerPage[], query: { p?: string; case?: string }): number {
  const p = Number(query.p);
  if (Number.isInteger(p) && p >= 1 && p <= pages.length) return p - 1;
  const ofCase = query.case ? pages.findIndex((x) => x.file.caseId === query.case) : -1;
  return Math.max(0, ofCase);
}

const STYLE = html`<style>
#viewer-stage{margin:0;background:#222;display:flex;flex-direction:column;align-items:center;min-height:420px;touch-action:pan-y;outline:none}
#viewer-stage:focus-visible{outline:3px solid #1565c0}
#page-image{max-width:100%;max-height:75vh;background:#fff}
#page-image[data-loaded=thumb]{filter:blur(1px)}
#page-caption{color:#fff;padding:.4em}
.thumbs{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0}
.thumbs a{display:block;border:3px solid transparent}
.thumbs a[aria-current=true]{border-color:#1565c0}
.thumbs img{width:96px;height:136px;object-fit:contain;overflow:hidden;font-size:10px;background:#eee;display:block}
</style>`;

function thumbs(pages: readonly ViewerPage[], current: number): Html {
  return html`${GROUPS.map((g) => {
    const mine = pages.filter((p) => p.file.group === g);
    if (mine.length === 0) return '';
    return html`<h2>${V.groups[g]}</h2><ol class="thumbs" data-group="${g}">${mine.map(
      (p) => html`<li><a href="?p=${p.index + 1}" data-index="${p.index}" data-thumb="${p.thumb}" data-full="${p.full}" data-caption="${p.caption}" data-case="${p.file.caseId ?? ''}" ${p.index === current ? 'aria-current="true"' : ''}>
<img loading="lazy" decoding="async" fetchpriority="low" data-src="${p.thumb}" alt="${p.caption}"></a></li>`,
    )}</ol>`;
  })}`;
}

/**
 * An upload form. The historic one carries a random token of its own: its script sends the file and then asks the
 * office how far the import of that token is (viewer-routes.ts), showing it in `#historic-progress`.
 */
function uploadForm(unitNumber: string, kind: 'photo' | 'historic'): Html {
  const t = kind === 'photo'
    ? { title: V.photoTitle, label: V.photoLabel, file: V.photoFile, submit: V.photoSubmit, accept: 'image/jpeg,image/png', path: 'photos' }
    : { title: V.historicTitle, label: V.historicLabel, file: V.historicFile, submit: V.historicSubmit, accept: 'application/pdf,image/tiff,.pdf,.tif,.tiff', path: 'historic' };
  const progress = kind === 'historic'
    ? { attrs: html` data-progress="/office/archive/historic-imports/" data-sending="${V.historicSending}" data-checking="${V.historicChecking}"`, field: html`<input type="hidden" name="progress" value="${randomBytes(16).toString('base64url')}">`, shown: html`<p id="historic-progress" role="status" hidden></p><progress id="historic-bar" hidden></progress>` }
    : { attrs: '', field: '', shown: '' };
  return html`<h2>${t.title}</h2><form method="post" id="${kind}-form" data-upload${progress.attrs} class="card" enctype="multipart/form-data" action="/office/archive/viewer/${encodeURIComponent(unitNumber)}/${t.path}">
<label for="${kind}-label">${t.label}</label><input id="${kind}-label" name="label" maxlength="60" required>${progress.field}
<label for="${kind}-file">${t.file}</label><input id="${kind}-file" name="file" type="file" accept="${t.accept}" required>
<p><button type="submit">${t.submit}</button></p>${progress.shown}</form>`;
}

/**
 * The viewer: one page at a time on the stage, thumbnails of every page below. Without its script it is a page
 * per `?p=`; the script turns pages in place, shows the thumbnail at once and the full page when it has loaded,
 * and takes the keyboard and swipes. The page's full image and the script are asked for while the page is parsed
 * (preloads). The strip's thumbnails carry their address in `data-src` and the script loads them only once the page
 * being read is up: each is a render on the office's two cores, and a long file's strip (dozens of thumbnails within
 * the browser's lazy-loading distance) made the first page of a 300-page file wait on them. Without the script the
 * strip lists the pages by caption.
 */
export function renderViewerPage(archive: UnitArchive, current: number, may: { addPhotos: boolean; importHistoric: boolean }): Html {
  const pages = pagesOf(archive);
  const unit = encodeURIComponent(archive.unitNumber);
  const at = pages[current];
  const missing = archive.missing.map((m) => html`<li>${V.missing(m.caseNumber, m.material)}</li>`);
  const stage = at
    ? html`<figure id="viewer-stage" tabindex="0" aria-label="${at.caption}"><img id="page-image" src="${at.thumb}" data-full="${at.full}" data-loaded="thumb" fetchpriority="high" alt="${at.caption}"><figcaption id="page-caption">${at.caption}</figcaption></figure>
<link rel="preload" as="image" href="${at.full}" fetchpriority="high"><link rel="modulepreload" href="/office/archive/assets/viewer.js">
<p class="actions"><a class="button" id="prev" href="?p=${Math.max(1, current)}">${V.prev}</a> <span id="position">${V.position(current + 1, pages.length)}</span> <a class="button" id="next" href="?p=${Math.min(pages.length, current + 2)}">${V.next}</a></p>
<p class="flag" id="render-failed" hidden>${V.renderFailed}</p>`
    : html`<p class="note" id="viewer-empty">${V.empty}</p>`;
  return html`${STYLE}<p><a href="/office/archive/units/${unit}">${V.back}</a></p><p class="note">${V.intro}</p>
<div id="viewer" data-total="${pages.length}" data-current="${current}">${stage}${thumbs(pages, current)}</div>
${missing.length === 0 ? '' : html`<ul id="missing-scans">${missing}</ul>`}
${may.addPhotos ? uploadForm(archive.unitNumber, 'photo') : ''}${may.importHistoric ? uploadForm(archive.unitNumber, 'historic') : ''}
<script type="module" src="/office/archive/assets/viewer.js"></script>`;
}
