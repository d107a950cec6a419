import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '#protocol/version.ts';
import { PORTAL_COOKIE } from '#server/office/market/portal-auth.ts';
import { csrfTokenOf, SESSION_COOKIE } from '#server/office/session.ts';
import { asStaff, CITY_TOKEN, type Credentials, isStaffRoute, isVanApi, key, type OfficeUnderTest, openOffice, OWN_SESSION, PUBLIC, refused, type Route, TUS_INERT } from './route-kit.ts';

/**
 * Every route the office serves, read from its router, called by each kind of caller the office knows: nobody,
 * an enrolled van, a signed-in van clerk, the portals' users, the reader stations, the kiosk and the city reading
 * a county's feed. A route added without its guard fails here, whichever plugin adds it; a public one must be
 * listed (route-kit.ts) with its reason. Which office staff role passes which guard is route-roles.test.ts'.
 */

let office: OfficeUnderTest;

beforeAll(async () => {
  office = await openOffice('route-inventory');
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('the route inventory', () => {
  it('holds every route of the router and of every plugin, and each allowlisted route exists', () => {
    for (const r of office.routes) expect(office.app.hasRoute({ method: r.method, url: r.url }), key(r)).toBe(true);
    const listed = new Set(office.routes.map(key));
    expect([...office.heard].filter((k) => !listed.has(k))).toEqual([]);
    // Every plugin's routes are there: the van's API, the staff's, the portals', the city's, the stations'.
    for (const k of ['POST /api/v1/sync/:collection/push', 'GET /office/queues', 'GET /portal/bank', 'GET /office/city', 'GET /api/v1/county/facts', 'GET /api/v1/stations/me', 'GET /office/archive', 'GET /office/map', 'GET /office/market', 'GET /office/province']) {
      expect(listed.has(k), k).toBe(true);
    }
    const stale = [...Object.keys(PUBLIC), ...Object.keys(TUS_INERT), ...OWN_SESSION].filter((k) => !listed.has(k));
    expect(stale).toEqual([]);
    expect(office.callable().length).toBeGreaterThan(200);
  });
});

describe('a caller with no credentials', () => {
  it('is refused by every route that is not public, before anything is looked up', async () => {
    const skip = (r: Route) => key(r) in TUS_INERT;
    expect(await office.failures(() => ({ headers: {} }), skip, (r, o) => key(r) in PUBLIC || refused(o))).toEqual([]);
  });

  it('gets from tus nothing but a 4xx on the methods it does not handle', async () => {
    for (const k of Object.keys(TUS_INERT)) {
      const r = office.routes.find((x) => key(x) === k);
      if (!r) throw new Error(k);
      expect([400, 404, 405], k).toContain((await office.call(r)).status);
    }
  });
});

describe('an enrolled van', () => {
  let van: string;
  beforeAll(async () => {
    van = await office.enrolledVan('route-inventory van');
  });

  it('reaches its own API with its token', async () => {
    expect((await office.call({ method: 'GET', url: `${API_BASE}/sync/:collection/pull` }, { headers: { authorization: `Bearer ${van}` } })).status).toBe(200);
  });

  it('is refused by every staff page and API, every portal, the stations’ and the city’s feed', async () => {
    const skip = (r: Route) => key(r) in PUBLIC || key(r) in TUS_INERT || OWN_SESSION.includes(key(r)) || isVanApi(r);
    expect(await office.failures(() => ({ headers: { authorization: `Bearer ${van}` } }), skip, (_r, o) => refused(o))).toEqual([]);
  });
});

describe('a signed-in van clerk (a role with no office permission)', () => {
  it('is refused by every staff page and API with 403, and by the portals and the van API', async () => {
    const token = await office.staffSession('zhangwei');
    const skip = (r: Route) => key(r) in PUBLIC || key(r) in TUS_INERT || OWN_SESSION.includes(key(r));
    // Signed in, the clerk must meet the role check itself (403), not the login redirect.
    expect(await office.failures(asStaff(token), skip, (r, o) => (isStaffRoute(r) ? o.status === 403 : refused(o)))).toEqual([]);
  });
});

describe('the tokens of the office’s other machines', () => {
  /** Each machine's token, how it travels, and the routes that are its own (skipped: a station's long poll waits for a card). */
  const machines = async (): Promise<{ name: string; as: Credentials; own: (r: Route) => boolean }[]> => {
    const admin = await office.staffSession('admin');
    const station = async (kind: 'counter' | 'kiosk') => {
      const res = await office.app.inject({ method: 'POST', url: `${API_BASE}/office/stations`, headers: { authorization: `Bearer ${admin}` }, payload: { name: `route-inventory ${kind}`, kind } });
      if (res.statusCode !== 201) throw new Error(`station ${kind}: ${res.statusCode}`);
      return res.json<{ token: string }>().token;
    };
    const counter = await station('counter');
    const kiosk = await station('kiosk');
    return [
      { name: 'a counter reader station', as: { headers: { authorization: `Bearer ${counter}` } }, own: (r) => r.url.startsWith(`${API_BASE}/stations/`) },
      { name: 'a self-service kiosk', as: { headers: { authorization: `Bearer ${kiosk}`, cookie: `kiosk_station=${kiosk}` } }, own: (r) => r.url.startsWith(`${API_BASE}/stations/`) || r.url.startsWith('/kiosk') },
      { name: 'the city reading a county’s feed', as: { headers: { authorization: `Bearer ${CITY_TOKEN}` } }, own: (r) => r.url.startsWith(`${API_BASE}/county/`) },
    ];
  };

  it('are each refused by every route but their own', async () => {
    for (const m of await machines()) {
      const skip = (r: Route) => key(r) in PUBLIC || key(r) in TUS_INERT || OWN_SESSION.includes(key(r)) || m.own(r);
      expect(await office.failures(() => m.as, skip, (_r, o) => refused(o)), m.name).toEqual([]);
    }
  });
});

describe('a portal user', () => {
  const PORTALS = [
    { login: 'jj-admin', kind: 'developer' },
    { login: 'ccb-credit', kind: 'bank' },
    { login: 'anju-agent', kind: 'agency' },
    { login: 'ct-survey', kind: 'builder' },
  ] as const;
  for (const { login, kind } of PORTALS) {
    it(`of a ${kind} is refused by every staff route, the van API and every other portal`, async () => {
      const token = await office.portalSession(login);
      // The portal token offered every way a staff or van token travels: bearer header, the staff cookie, its own cookie.
      const as = (): Credentials => ({ headers: { authorization: `Bearer ${token}`, cookie: `${PORTAL_COOKIE}=${token}; ${SESSION_COOKIE}=${token}` }, csrf: csrfTokenOf(token) });
      const own = (r: Route) => r.url === `/portal/${kind}` || r.url.startsWith(`/portal/${kind}/`);
      const skip = (r: Route) => key(r) in PUBLIC || key(r) in TUS_INERT || OWN_SESSION.includes(key(r)) || own(r);
      expect(await office.failures(as, skip, (_r, o) => refused(o))).toEqual([]);
    });
  }
});
