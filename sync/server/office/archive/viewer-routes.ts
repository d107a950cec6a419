import { createReadStream, readFileSync } from 'node:fs';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { API_BASE } from '#protocol/version.ts';
import { requirePermission } from '#server/office/access.ts';
import { can } from '#server/office/permissions.ts';
import { type Html, html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { flash } from '#server/office/layout.ts';
import { type Staff } from '#server/office/session.ts';
import { type UploadRefusal, uploadParts, uploadRefusal, uploadRoute } from '#server/office/upload-form.ts';
import { A } from './archive-text.ts';
import { ARCHIVE_SCRIPTS, bundleOf, ensureBundle } from './page-bundles.ts';
import { pagesOf, renderViewerPage, startIndex } from './viewer-page.ts';
import { MAX_HISTORIC_BYTES, MAX_PHOTO_BYTES, type ViewerService } from './viewer-service.ts';

const HTML = 'text/html; charset=utf-8';
const SHA256 = /^[0-9a-f]{64}$/;
const V = A.viewer;

type Upload = { label: string; progress: string; bytes: Buffer | null; refused: UploadRefusal | null };

/** The token a viewer page gives its historic upload (viewer-page.ts): 16 random bytes, base64url. */
const PROGRESS_TOKEN = /^[A-Za-z0-9_-]{22}$/;
/** A finished import's progress is kept this long, for a page that asks once more; then it is forgotten. */
const FINISHED_KEPT_MS = 60_000;
/** More historic imports than this running at once are not followed (they import all the same). */
const MAX_FOLLOWED = 100;

/**
 * How far a historic import is, by its page's token, for the page to show while it runs. In this process's memory
 * only: it is progress, not data (the import itself is one transaction), and a restart ends the upload anyway.
 */
type HistoricRun = { staffId: string; state: 'running' | 'imported' | 'refused' | 'failed'; pages: number; total: number };
type Outcome = { status: number; code: string; message: string };

/** Reads an upload form: its label and one file; a file over its route's limit (`tooLarge`) is reported, not read on. */
async function readUpload(req: FastifyRequest, tooLarge: string): Promise<Upload> {
  const out: Upload = { label: '', progress: '', bytes: null, refused: null };
  try {
    for await (const part of uploadParts(req)) {
      if (part.type === 'file') out.bytes = await part.toBuffer();
      else if (part.fieldname === 'label') out.label = String(part.value);
      else if (part.fieldname === 'progress') out.progress = String(part.value);
    }
  } catch (e) {
    out.refused = uploadRefusal(e, tooLarge);
  }
  return out;
}

/** The archive viewer: its page and script, page images, photos of the house and historic files (pages and API). */
export function registerViewerRoutes(app: FastifyInstance, service: ViewerService): void {
  const { storage } = app.office;
  const historicRuns = new Map<string, HistoricRun>();

  /** A unit's viewer page under `notice` (the last post's outcome), or the page saying the unit is unknown (404). */
  async function viewerPage(staff: Staff, unit: string, query: { p?: string; case?: string }, notice: Html): Promise<{ status: number; body: string }> {
    const archive = await service.archiveOf(unit);
    if (!archive) return { status: 404, body: page(V.title(unit), html`<p class="flag">${A.register.unknown}</p>`, staff) };
    const current = startIndex(pagesOf(archive), query);
    return { status: 200, body: page(V.title(unit), [notice, renderViewerPage(archive, current, { addPhotos: can(staff, 'archivePhotos'), importHistoric: can(staff, 'archiveAdmin') })], staff) };
  }

  /** Follows an import under its page's token, unless the token is malformed or taken; the run to update, if followed. */
  function follow(token: string, staffId: string): HistoricRun | undefined {
    if (!PROGRESS_TOKEN.test(token) || historicRuns.has(token) || historicRuns.size >= MAX_FOLLOWED) return undefined;
    const run: HistoricRun = { staffId, state: 'running', pages: 0, total: 0 };
    historicRuns.set(token, run);
    return run;
  }

  async function addPhoto(req: FastifyRequest<{ Params: { unit: string } }>, staffId: string): Promise<Outcome> {
    const upload = await readUpload(req, V.photoRefused['too-large'] ?? '');
    const refused = (code: string, status: number) => ({ status, code, message: V.photoRefused[code] ?? '' });
    if (upload.refused) return upload.refused;
    if (!upload.bytes || upload.bytes.length === 0) return refused('no-file', 400);
    const r = await service.addPhoto(staffId, req.params.unit, upload.label, upload.bytes);
    if (r.ok) return { status: 201, code: 'added', message: V.photoAdded };
    return refused(r.error, r.error === 'unit-unknown' ? 404 : 400);
  }

  async function importHistoric(req: FastifyRequest<{ Params: { unit: string } }>, staffId: string): Promise<Outcome> {
    const upload = await readUpload(req, V.historicRefused['too-large'] ?? '');
    const refused = (code: string, status: number) => ({ status, code, message: V.historicRefused[code] ?? '' });
    if (upload.refused) return upload.refused;
    if (!upload.bytes || upload.bytes.length === 0) return refused('no-file', 400);
    const run = follow(upload.progress, staffId);
    try {
      const r = await service.importHistoric(staffId, req.params.unit, upload.label, upload.bytes, run && ((pages, total) => Object.assign(run, { pages, total })));
      if (run) run.state = r.ok ? 'imported' : 'refused';
      if (r.ok) return { status: 201, code: 'imported', message: V.historicAdded(r.value.pages) };
      return refused(r.error, r.error === 'unit-unknown' ? 404 : 400);
    } finally {
      if (run) {
        // It threw (a disk or database error): the transaction left nothing, and the upload answers 500.
        if (run.state === 'running') run.state = 'failed';
        setTimeout(() => historicRuns.get(upload.progress) === run && historicRuns.delete(upload.progress), FINISHED_KEPT_MS).unref();
      }
    }
  }

  /** An upload from the viewer page (session and CSRF header) goes back to the page with what happened. */
  const fromPage = (permission: 'archivePhotos' | 'archiveAdmin', handle: typeof addPhoto) =>
    async (req: FastifyRequest<{ Params: { unit: string } }>, reply: FastifyReply) => {
      const staff = await requirePermission(storage, req, reply, permission);
      if (!staff) return reply;
      const r = await handle(req, staff.id);
      const back = `/office/archive/viewer/${encodeURIComponent(req.params.unit)}`;
      if (r.status === 201) return reply.redirect(`${back}?msg=${encodeURIComponent(r.message)}`, 303);
      // Refused: the viewer again with why, under the refusal's 4xx (a redirect's 303 and 200 would say it worked).
      const shown = await viewerPage(staff, req.params.unit, {}, html`<p class="flag" role="alert">${r.message}</p>`);
      return reply.code(shown.status === 200 ? r.status : shown.status).type(HTML).send(shown.body);
    };
  const fromApi = (permission: 'archivePhotos' | 'archiveAdmin', handle: typeof addPhoto) =>
    async (req: FastifyRequest<{ Params: { unit: string } }>, reply: FastifyReply) => {
      const staff = await requirePermission(storage, req, reply, permission);
      if (!staff) return reply;
      const r = await handle(req, staff.id);
      return reply.code(r.status).send({ code: r.code, message: r.message });
    };
  const [photo, historic] = [uploadRoute(MAX_PHOTO_BYTES), uploadRoute(MAX_HISTORIC_BYTES)];
  app.post('/office/archive/viewer/:unit/photos', photo, fromPage('archivePhotos', addPhoto));
  app.post('/office/archive/viewer/:unit/historic', historic, fromPage('archiveAdmin', importHistoric));
  app.post(`${API_BASE}/office/archive/units/:unit/photos`, photo, fromApi('archivePhotos', addPhoto));
  app.post(`${API_BASE}/office/archive/units/:unit/historic`, historic, fromApi('archiveAdmin', importHistoric));

  /** How far a historic import is: only to whoever may import, and only their own (another's token is unknown). */
  app.get<{ Params: { token: string } }>('/office/archive/historic-imports/:token', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'archiveAdmin');
    if (!staff) return reply;
    const run = PROGRESS_TOKEN.test(req.params.token) ? historicRuns.get(req.params.token) : undefined;
    if (!run || run.staffId !== staff.id) return reply.code(404).send({ code: 'not-found', message: V.historicUnknown });
    const text = run.state !== 'running' ? '' : run.total === 0 ? V.historicChecking : run.pages < run.total ? V.historicSplitting(run.pages, run.total) : V.historicSaving(run.total);
    return reply.header('cache-control', 'no-store').send({ state: run.state, pages: run.pages, total: run.total, text });
  });

  app.get<{ Params: { unit: string }; Querystring: { p?: string; case?: string; msg?: string; err?: string } }>('/office/archive/viewer/:unit', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    const shown = await viewerPage(staff, req.params.unit, req.query, flash(req));
    return reply.code(shown.status).type(HTML).send(shown.body);
  });

  app.get<{ Params: { unit: string } }>(`${API_BASE}/office/archive/units/:unit/archive`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    const archive = await service.archiveOf(req.params.unit);
    if (!archive) return reply.code(404).send({ code: 'not-found', message: A.register.unknown });
    return { ...archive, pages: pagesOf(archive).map((p) => ({ caption: p.caption, thumb: p.thumb, full: p.full, caseId: p.file.caseId })) };
  });

  const serveImage = async (req: FastifyRequest<{ Params: { sha256: string; page: string; size: string } }>, reply: FastifyReply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    const { sha256, page: p, size } = req.params;
    const pageNo = Number(p);
    if (!SHA256.test(sha256) || !Number.isInteger(pageNo) || pageNo < 1 || pageNo > 2000 || (size !== 'thumb.jpg' && size !== 'full.jpg')) {
      return reply.code(400).send({ code: 'malformed', message: '页面地址不合格' });
    }
    const r = await service.pageImage(sha256, pageNo, size === 'thumb.jpg' ? 'thumb' : 'full');
    if (!r.ok) return reply.code(r.error === 'not-found' || r.error === 'no-page' ? 404 : 415).send({ code: r.error, message: V.renderFailed });
    // A page image is named by its file's content hash: it never changes, so the browser keeps it.
    return reply.type('image/jpeg').header('cache-control', 'private, max-age=31536000, immutable').send(createReadStream(r.value));
  };
  app.get('/office/archive/files/:sha256/:page/:size', serveImage);
  app.get(`${API_BASE}/office/archive/files/:sha256/:page/:size`, serveImage);

  app.get<{ Params: { file: string } }>('/office/archive/assets/:file', async (req, reply) => {
    const name = ARCHIVE_SCRIPTS.find((n) => `${n}.js` === req.params.file);
    if (!name) return reply.code(404).send();
    await ensureBundle(name);
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(readFileSync(bundleOf(name)));
  });
}
