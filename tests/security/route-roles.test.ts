import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OFFICE_ADMIN_ROLES } from '#server/domain-rules.ts';
import { ACCESS, can, type Permission } from '#server/office/permissions.ts';
import { listParsed } from '#server/office/office-data.ts';
import { asStaff, isStaffRoute, key, type OfficeUnderTest, openOffice, type Outcome, PUBLIC, refused, type Route, show } from './route-kit.ts';

/**
 * Which office staff role passes which route's guard. Every staff route (the staff's pages and API and the
 * administration's API) is placed under the one permission of access.ts that guards it; each demo staff member
 * is then sent to each route with a valid session (bearer token for the API, cookie and `_csrf` for the pages).
 * Whether they should pass is `can()`'s answer from their roles, never written here: those whose roles do not
 * grant the permission must get 403, those whose roles do must get past the guard (any answer but a refusal or
 * a 500). A permission added to ACCESS without its routes fails the typecheck; a route added without a place
 * here fails the first test.
 *
 * Several permissions are granted to exactly the same roles (`view` and `map`, `archivePhotos` and `market`, the
 * ones of the administration alone and the admin API's roles, …), so who gets 403 cannot tell a route guarded by
 * one from a route guarded by its twin. Each call therefore also records what the guard asked: the permission
 * `requirePermission` was given, or `adminApi` for `requireStaff` with the admin API's roles. Both are wrapped
 * below, in this file's module graph only (vi.mock: the file runs in a process of its own, see
 * tests/support/own-modules.ts); the office's code is unchanged. Every call to a route must have asked exactly
 * the guard it is placed under here, and nothing else.
 */

/** What the guards asked during the current call, in order. */
const asked = vi.hoisted((): string[] => []);
vi.mock(import('#server/office/access.ts'), async (original) => {
  const real = await original();
  const requirePermission: typeof real.requirePermission = (storage, req, reply, p) => {
    asked.push(p);
    return real.requirePermission(storage, req, reply, p);
  };
  return { ...real, requirePermission };
});
vi.mock(import('#server/auth/guards.ts'), async (original) => {
  const real = await original();
  const { OFFICE_ADMIN_ROLES: adminRoles } = await import('#server/domain-rules.ts');
  const requireStaff: typeof real.requireStaff = (storage, req, reply, roles) => {
    asked.push(roles === adminRoles ? 'adminApi' : `roles ${roles.join(', ')}`);
    return real.requireStaff(storage, req, reply, roles);
  };
  return { ...real, requireStaff };
});

/** The core admin API (admin/routes.ts, updates/routes.ts) checks `requireStaff(ctx.adminRoles)` rather than ACCESS. */
type Guard = Permission | 'adminApi';

const GUARDED: Record<Guard, readonly string[]> = {
  view: [
    'GET /api/v1/office/queues/:level', 'GET /office/queues', 'GET /api/v1/office/cases/:id', 'GET /office/cases/:id',
    // Any office staff may send an action; the domain decides who may record it at the case's stage (lifecycle.ts:
    // 初审/复审 reviewers, 审批 approvers, each level a different person), and answers 403 `refused` otherwise.
    'POST /api/v1/office/cases/:id/actions', 'POST /office/cases/:id/actions',
    'GET /api/v1/office/scans/:sha256', 'GET /office/scans/:sha256', 'GET /api/v1/office/dashboard', 'GET /office/dashboard',
    'GET /api/v1/office/stages/:stage', 'GET /office/stages/:stage',
    // The planning pages show their forms only to `appointments` / `trips`, whose POSTs check those.
    'GET /api/v1/office/appointments', 'GET /office/appointments', 'GET /api/v1/office/trips', 'GET /office/trips',
    // The form to change the table is shown to `timeLimits` only, whose PUT/POST check it.
    'GET /api/v1/office/promised-limits', 'GET /office/promised-limits',
    'GET /office/city', 'GET /office/city/reports/make', 'GET /office/city/reports/:file',
    'GET /office/archive', 'GET /api/v1/office/archive/search', 'GET /api/v1/office/archive/units/:unit', 'GET /office/archive/units/:unit',
    'GET /api/v1/office/archive/buildings/:key', 'GET /office/archive/buildings/:key', 'GET /office/archive/buildings/:key/layout.json',
    'GET /api/v1/office/archive/units/:unit/archive', 'GET /office/archive/viewer/:unit',
    'GET /api/v1/office/archive/files/:sha256/:page/:size', 'GET /office/archive/files/:sha256/:page/:size',
  ],
  appointments: ['POST /api/v1/office/appointments', 'POST /office/appointments'],
  trips: ['POST /api/v1/office/trips', 'POST /office/trips', 'POST /office/trips/:id/unit-snapshots'],
  reconcile: [
    // The reconciliation page shows the sign-off form to `signOff` only, whose POSTs check it.
    'GET /api/v1/office/trips/:id/reconciliation', 'GET /office/trips/:id/reconciliation', 'GET /office/trips/:id/reconciliation.pdf',
    'POST /api/v1/office/trips/:id/return', 'POST /office/trips/:id/return', 'POST /api/v1/office/trips/:id/statements', 'POST /office/trips/:id/statements',
    'POST /api/v1/office/trips/:id/appointments/:appointmentId/outcome', 'POST /office/trips/:id/appointments/:appointmentId/outcome',
  ],
  signOff: ['POST /api/v1/office/trips/:id/sign-off', 'POST /office/trips/:id/sign-off'],
  map: [
    'GET /office/map', 'GET /api/v1/office/map/districts', 'GET /office/map/data/districts', 'GET /api/v1/office/map/streets', 'GET /office/map/data/streets',
    'GET /api/v1/office/map/buildings', 'GET /office/map/data/buildings', 'GET /api/v1/office/map/buildings/:id', 'GET /office/map/building/:id',
    'POST /api/v1/office/map/query', 'POST /office/map/result', 'POST /office/map/export.pdf', 'POST /office/map/export.xlsx',
    // Reading the cost tables and their history: the query's estimate is drawn from them (map-query.test.ts reads
    // them as a reviewer). Setting them, and the page with the form, is `mapTables`.
    'GET /api/v1/office/map/tables',
  ],
  mapDecide: ['POST /api/v1/office/map/buildings/:id/decisions', 'POST /office/map/building/:id/decisions'],
  mapTables: ['POST /api/v1/office/map/tables', 'GET /office/map/tables', 'POST /office/map/tables'],
  timeLimits: ['PUT /api/v1/office/promised-limits', 'POST /office/promised-limits'],
  devices: [
    'GET /office/devices', 'POST /office/devices/:id/revoke', 'POST /office/devices/:id/wipe', 'POST /office/devices/:id/abandon-unsynced',
    'GET /office/devices/:id/bundle', 'POST /office/devices/:id/bundle', 'GET /office/bundles', 'POST /office/bundles', 'GET /office/bundles/:id', 'GET /office/bundles/:id/answer',
  ],
  resolveChain: ['POST /api/v1/office/cases/:id/held', 'POST /office/cases/:id/held'],
  courtActs: ['POST /api/v1/office/archive/units/:unit/court-acts', 'POST /office/archive/units/:unit/court'],
  queries: [
    'GET /office/archive/queries/new', 'POST /api/v1/office/archive/queries', 'POST /office/archive/queries', 'POST /office/archive/queries/read-card',
    'GET /office/archive/queries/:seq', 'POST /api/v1/office/archive/queries/:seq/certificate', 'POST /office/archive/queries/:seq/certificate',
    'GET /api/v1/office/archive/audit',
  ],
  archivePhotos: ['POST /api/v1/office/archive/units/:unit/photos', 'POST /office/archive/viewer/:unit/photos'],
  archiveAdmin: [
    'GET /office/archive/imports', 'POST /office/archive/imports', 'GET /office/archive/imports/:id', 'GET /office/archive/imports/:id/status',
    'POST /api/v1/office/archive/imports', 'POST /office/archive/viewer/:unit/historic', 'POST /api/v1/office/archive/units/:unit/historic',
    'GET /office/archive/historic-imports/:token', 'GET /office/stations', 'POST /office/stations', 'POST /office/stations/:id/revoke', 'POST /api/v1/office/stations',
  ],
  // The listing and filing pages show the verify, court and consent forms by `marketVerify`, `marketCourt` and
  // `marketConsent`, whose POSTs check them.
  market: [
    'GET /office/market', 'GET /office/market/projects', 'GET /office/market/projects/:id', 'GET /office/market/listings', 'GET /office/market/listings/:id',
    'GET /office/market/filings',
  ],
  marketAdmin: [
    'GET /office/market/orgs', 'POST /office/market/orgs', 'POST /office/market/projects', 'POST /office/market/projects/:id/units',
    'POST /office/market/projects/:id/permits', 'POST /office/market/projects/:id/permits/:permit/revoke',
    'GET /office/market/orgs/:id/stations', 'POST /office/market/orgs/:id/stations',
  ],
  marketVerify: ['POST /office/market/listings/:id/verify'],
  marketConsent: ['POST /office/market/filings/:id/consent'],
  marketCourt: ['POST /office/market/filings/:id/court'],
  province: ['GET /office/province'],
  provinceResend: ['POST /office/province/messages/:id/resend'],
  adminApi: [
    'POST /api/v1/admin/enroll-codes', 'POST /api/v1/admin/staff', 'POST /api/v1/admin/staff/:login/deactivate', 'POST /api/v1/admin/trips/:tripId/receipt-block',
    'POST /api/v1/admin/trips/:tripId/unit-snapshots', 'GET /api/v1/admin/devices', 'POST /api/v1/admin/devices/:deviceId/revoke', 'POST /api/v1/admin/devices/:deviceId/wipe',
    'POST /api/v1/admin/devices/:deviceId/abandon-unsynced', 'GET /api/v1/admin/devices/:deviceId/chain-audit', 'GET /api/v1/admin/incidents', 'POST /api/v1/admin/backup',
    'POST /api/v1/admin/updates/publish', 'PUT /api/v1/admin/updates/:file',
  ],
};

/** Staff routes any signed-in staff member may call, a van clerk included, each with the reason. */
const ANY_STAFF: Record<string, string> = {
  'GET /api/v1/office/me': 'who the session belongs to, and their roles: the van’s login and the pages ask it for any staff member',
};

type Person = { login: string; roles: readonly string[] };
const holds = (p: Person, g: Guard): boolean => (g === 'adminApi' ? p.roles.some((r) => OFFICE_ADMIN_ROLES.includes(r)) : can(p, g));

let office: OfficeUnderTest;
/** The demo office's active staff, as the seed made them, each with a session of their own. */
let staff: (Person & { token: string })[] = [];

/** Calls `r` as `p` and answers the outcome with the guards asked on the way (each once). */
async function callAsking(r: Route, p: { token: string }): Promise<{ o: Outcome; asked: string[] }> {
  asked.length = 0;
  const o = await office.call(r, asStaff(p.token)(r));
  return { o, asked: [...new Set(asked.splice(0))] };
}

beforeAll(async () => {
  office = await openOffice('route-roles');
  const people = (await listParsed(office.storage, 'staff')).filter((s) => s.active && !s._deleted);
  staff = [];
  for (const p of people) staff.push({ login: p.login, roles: p.roles, token: await office.staffSession(p.login) });
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('the staff routes’ guards', () => {
  it('place every staff route, read from the router, under exactly one permission or the short list any staff may call', () => {
    const staffRoutes = office.callable().filter((r) => isStaffRoute(r) && !(key(r) in PUBLIC)).map(key);
    const placed = [...Object.values(GUARDED).flat(), ...Object.keys(ANY_STAFF)];
    expect(staffRoutes.filter((k) => !placed.includes(k)), 'staff routes without a place').toEqual([]);
    expect(placed.filter((k, i) => placed.indexOf(k) !== i), 'placed twice').toEqual([]);
    expect(placed.filter((k) => !staffRoutes.includes(k)), 'placed but not a staff route of the router').toEqual([]);
    expect(Object.keys(GUARDED).sort()).toEqual([...Object.keys(ACCESS), 'adminApi'].sort());
    expect((Object.keys(GUARDED) as Guard[]).filter((g) => GUARDED[g].length === 0)).toEqual([]);
  });

  it('are met by demo staff both holding and lacking each permission', () => {
    // Every role's own member is there (the van clerks, whom no permission admits, included), so each guard is tried both ways.
    expect(new Set(staff.flatMap((p) => p.roles))).toEqual(new Set(['van-clerk', 'reviewer', 'approver', 'finance', 'admin']));
    for (const g of Object.keys(GUARDED) as Guard[]) {
      expect(staff.some((p) => holds(p, g)), `${g}: someone holds it`).toBe(true);
      expect(staff.some((p) => !holds(p, g)), `${g}: someone lacks it`).toBe(true);
    }
  });

  for (const g of Object.keys(GUARDED) as Guard[]) {
    it(`${g}: its routes' guard asks for it; each staff member without it gets 403, each who holds it gets past the guard`, async () => {
      const wrong: string[] = [];
      const otherGuard = new Set<string>();
      for (const k of GUARDED[g]) {
        const r = office.routes.find((x) => key(x) === k);
        if (!r) throw new Error(`${k}: not a route of the router`);
        for (const p of staff) {
          const { o, asked: guards } = await callAsking(r, p);
          const ok = holds(p, g) ? !refused(o) && o.status < 500 : o.status === 403;
          if (!ok) wrong.push(`${p.login} (${p.roles.join(', ')}${holds(p, g) ? `, holds ${g}` : ''}): ${show(r, o)}`);
          if (guards.length !== 1 || guards[0] !== g) otherGuard.add(`${k}: asked ${guards.join(' and ') || 'nothing'}`);
        }
      }
      expect([...otherGuard], `routes placed under ${g} whose guard asked something else`).toEqual([]);
      expect(wrong).toEqual([]);
    });
  }

  it('let any signed-in staff member, a van clerk too, call the routes listed for any staff', async () => {
    const wrong: string[] = [];
    for (const k of Object.keys(ANY_STAFF)) {
      const r: Route | undefined = office.routes.find((x) => key(x) === k);
      if (!r) throw new Error(`${k}: not a route of the router`);
      for (const p of staff) {
        const { o, asked: guards } = await callAsking(r, p);
        if (refused(o) || o.status >= 500) wrong.push(`${p.login}: ${show(r, o)}`);
        if (guards.length > 0) wrong.push(`${k} as ${p.login}: asked ${guards.join(' and ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
