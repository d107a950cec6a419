import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { clientAddress } from '#server/auth/routes.ts';
import { GuessBudget } from '#server/guess-budget.ts';
import { fromOwnOrigin } from '#server/office/csrf-guard.ts';
import { html, type Html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { type StationService } from '#server/office/stations/station-service.ts';
import { type Station } from '#server/office/stations/station-store.ts';
import { KIOSK_TEXT as K } from './kiosk-text.ts';
import { type QueryService } from './query-service.ts';
import { publicBaseOf } from './query-routes.ts';

const HTML = 'text/html; charset=utf-8';
/** The kiosk machine's station token, set once by the administration on that machine. */
const KIOSK_COOKIE = 'kiosk_station';
/** Per client address: a queue of people at one machine, far too few to run through identities. */
const KIOSK_LIMIT = { max: 20, windowMs: 60_000 };
/**
 * A certificate (the holder's name, ID number and homes) or a refused card stays on the kiosk's screen only this
 * long, then the screen goes back to the start (HTTP `Refresh`, which Chromium follows from its PDF viewer too): the
 * kiosk's browser shows no back button, and the next person must not find the last one's certificate there.
 */
export const KIOSK_RETURN = { certificateSeconds: 120, refusalSeconds: 60 } as const;
const backToStart = (seconds: number): string => `${seconds}; url=/kiosk`;

/**
 * The self-service 有房/无房 kiosk (《不动产登记资料查询暂行办法》第十五条第（一）项、第十六条): the person reads their
 * own ID card on the kiosk's reader and gets the 不动产登记查询结果 of what they hold as a PDF with a QR code the
 * public verify page checks. The kiosk is a reader station of kind `kiosk`; its browser carries the station's
 * token in a cookie, so only a page on that machine can ask its reader for a card. Every certificate issued is in
 * the audit chain (actor `kiosk:<station>`); every read, failed or not, is kept with the station's reads.
 */
export function registerKioskRoutes(app: FastifyInstance, stations: StationService, queries: QueryService): void {
  const kioskPage = (body: Html | Html[], status = 200) => (reply: FastifyReply) => reply.code(status).type(HTML).header('cache-control', 'no-store').send(page(K.title, body, null, { kiosk: true, nav: html`` }));

  async function kioskOf(req: FastifyRequest): Promise<Station | undefined> {
    const token = req.cookies[KIOSK_COOKIE];
    const station = token ? await stations.stationOf(token) : undefined;
    return station?.kind === 'kiosk' ? station : undefined;
  }

  const enrolForm = (notice: Html | string = '') => html`${notice}<p>${K.notEnrolled}</p><form method="post" action="/kiosk/enrol" class="card"><label for="kiosk-token">${K.token}</label>
<input id="kiosk-token" name="token" autocomplete="off" required><button type="submit">${K.enrol}</button></form>`;
  const startForm = (notice: Html | string = '') => html`${notice}<p>${K.intro}</p><form method="post" action="/kiosk/holdings"><button type="submit" id="kiosk-read">${K.read}</button></form>`;

  /** The page for a browser that is not a kiosk (now): the set-up form, headed by a notice when it was one once. */
  const notKiosk = (req: FastifyRequest) => enrolForm(req.cookies[KIOSK_COOKIE] ? html`<p class="flag" role="alert" id="kiosk-stopped">${K.stopped}</p>` : '');

  app.get('/kiosk', async (req, reply) => kioskPage((await kioskOf(req)) ? startForm() : notKiosk(req))(reply));

  app.post<{ Body: { token?: string } | undefined }>('/kiosk/enrol', async (req, reply) => {
    if (!fromOwnOrigin(req)) return kioskPage(html`<p class="flag" role="alert">${K.crossSite}</p>`, 403)(reply);
    // No body is no token: refused as a wrong one.
    const token = String(req.body?.token ?? '').trim();
    const station = await stations.stationOf(token);
    if (station?.kind !== 'kiosk') return kioskPage(enrolForm(html`<p class="flag" role="alert" id="kiosk-error">${K.badToken}</p>`), 400)(reply);
    void reply.setCookie(KIOSK_COOKIE, token, { path: '/kiosk', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https', maxAge: 10 * 365 * 86_400 });
    return reply.redirect('/kiosk');
  });

  // Counted here rather than by the router's limiter, so that the kiosk's screen says so in Chinese, as a page.
  const budget = GuessBudget.of(app.office, 'kiosk-card-read', KIOSK_LIMIT);
  app.post('/kiosk/holdings', async (req, reply) => {
    if (!(await budget.take(clientAddress(req)))) return kioskPage(html`<p class="flag" role="alert" data-refused="too-many-requests">${K.tooMany}</p>`, 429)(reply);
    if (!fromOwnOrigin(req)) return kioskPage(html`<p class="flag" role="alert">${K.crossSite}</p>`, 403)(reply);
    const station = await kioskOf(req);
    if (!station) return kioskPage(notKiosk(req), 401)(reply);
    const actor = `kiosk:${station.id}`;
    const card = await stations.readCard(station.id, 'kiosk', actor);
    if (!card.ok) {
      const message = card.card && (card.code === 'expired' || card.code === 'not-yet-valid')
        ? K.cardInvalid[card.code](card.card.cardType, card.code === 'expired' ? card.card.validTo : card.card.validFrom)
        : card.message;
      void reply.header('refresh', backToStart(KIOSK_RETURN.refusalSeconds));
      return kioskPage(startForm(html`<p class="flag" role="alert" id="kiosk-error" data-code="${card.code}"><b>${K.failed}</b>：${message}</p>`), 409)(reply);
    }
    const issued = await queries.holdings(actor, card.identity, publicBaseOf(req));
    return reply.type('application/pdf').header('cache-control', 'no-store').header('refresh', backToStart(KIOSK_RETURN.certificateSeconds))
      .header('content-disposition', `inline; filename="${issued.id}.pdf"`).send(Buffer.from(issued.pdf));
  });
}
