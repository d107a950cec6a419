import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A PostgreSQL server of the test run's own, in a temp folder, reachable only by its unix socket. `halt()`
 * stops it as a crash would (immediate mode) and keeps its data; `resume()` starts it again on that data.
 */
export type PostgresServer = { socketDir: string; port: number; adminUrl: string; stop: () => void; halt: () => void; resume: () => void };

/** Debian's PostgreSQL binaries (`.ci/run` installs them), or the folder in `PG_BIN`. */
export function postgresBin(): string {
  if (process.env['PG_BIN']) return process.env['PG_BIN'];
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).filter((v) => existsSync(`${root}/${v}/bin/initdb`)).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!version) throw new Error('PostgreSQL is not installed: run .ci/run, or apt-get install postgresql, or set PG_BIN');
  return `${root}/${version}/bin`;
}

/** The unprivileged user that owns the server when we are root: Debian's `postgres`, or `nobody` where it is missing. */
function ownerName(): string {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'pipe' });
    return 'postgres';
  } catch {
    return 'nobody';
  }
}

/** Runs a PostgreSQL tool (initdb, pg_ctl, pg_dump, …) as the unprivileged owner when we are root (initdb refuses root). */
export function asOwner(tool: string, args: readonly string[]): void {
  const bin = join(postgresBin(), tool);
  if (userInfo().uid === 0) execFileSync('runuser', ['-u', ownerName(), '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

/** A fresh temp folder the server's owner may write in (for its data, or a dump file). */
export function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (userInfo().uid === 0) {
    const owner = execFileSync('id', ['-u', ownerName()]).toString().trim();
    const group = execFileSync('id', ['-g', ownerName()]).toString().trim();
    chownSync(dir, Number(owner), Number(group));
  }
  return dir;
}

/**
 * `initdb` into a fresh temp folder and start `postgres` on a unix socket there (no TCP port, so test
 * runs never collide). Stop it with `stop()`; the folder is removed.
 */
export function startPostgresServer(opts: { settings?: Readonly<Record<string, string>> } = {}): PostgresServer {
  const dir = ownedTempDir('office-pg-');
  const data = join(dir, 'data');
  const port = 5432;
  asOwner('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']);
  const settings = { max_connections: '300', shared_buffers: '64MB', ...opts.settings };
  const options = `-p ${port} -k ${dir} -c listen_addresses='' ${Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ')}`;
  const start = () => asOwner('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  start();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const halt = () => asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  return { socketDir: dir, port, adminUrl: databaseUrl({ socketDir: dir, port }, 'postgres'), stop, halt, resume: start };
}

export const databaseUrl = (server: { socketDir: string; port: number }, database: string): string =>
  `postgres://postgres@/${database}?host=${encodeURIComponent(server.socketDir)}&port=${server.port}`;

/**
 * A fresh database on the server, empty or a copy of `template`; `drop()` removes it (closing whatever still
 * connects to it).
 */
export async function createDatabase(
  adminUrl: string,
  name = `office_${process.pid}_${Math.random().toString(36).slice(2, 10)}`,
  opts: { template?: string } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"${opts.template === undefined ? '' : ` TEMPLATE "${opts.template}"`}`);
  } finally {
    await admin.end();
  }
  const url = adminUrl.replace(/^postgres:\/\/postgres@\/postgres\?/, `postgres://postgres@/${name}?`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
