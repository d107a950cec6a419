import { parseArgs } from 'node:util';
import { buildOfficeApp } from '#server/app.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { seedMap } from '#server/office/map/seed-map.ts';
import { seedArchive } from '#server/office/archive/seed-register.ts';
import { seedMarket } from '#server/office/market/seed-market.ts';
import { todayInOffice } from '#server/office/today.ts';
import { seedOffice } from '#server/seed.ts';
import { openPostgresStorage, openSqliteStorage } from '#server/storage/open-storage.ts';
import { createLogger } from '#office/platform/logger.ts';
import { CITY_CODE, isCountyCode } from '#domain/city/counties.ts';
import { cityPlugin } from '#server/office/city/city-plugin.ts';
import { readCountyLinks } from '#server/office/city/county-links-file.ts';
import { MIN_CITY_TOKEN_LENGTH } from '#server/office/city/feed-contract.ts';
import { isBundleCommand, runBundleCommand } from '#server/bundles/bundle-cli.ts';
import { REPORT_COMMAND, runReportCommand } from '#server/office/city/reports/report-cli.ts';

const log = createLogger('office');

// `npm run office -- import-bundle …` / `export-bundle …`: a USB bundle on the office's database, then exit.
const command = process.argv[2];
if (isBundleCommand(command)) {
  process.exit(await runBundleCommand(command, process.argv.slice(3), (line) => process.stdout.write(`${line}\n`)));
}
// `npm run office -- city-report 2026-11 --out <dir>`: the city's report of a month or year, drawn now.
if (command === REPORT_COMMAND) {
  process.exit(await runReportCommand(process.argv.slice(3), (line) => process.stdout.write(`${line}\n`)));
}

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '.data/office' },
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string' },
    // Comma-separated addresses or CIDR ranges of the reverse proxies whose X-Forwarded-* headers are believed.
    'trust-proxy': { type: 'string' },
    /** `postgres://…`: the office's PostgreSQL database, shared by every office server behind the proxy. */
    database: { type: 'string' },
    /** The province platform's receiving address for the 接入 messages of each 登簿 (or OFFICE_PROVINCE_URL). */
    'province-url': { type: 'string' },
    /** A county office (市县联机): its GB/T 2260 code, carried by the ids it mints. */
    county: { type: 'string' },
    /** A county office: the token the city reads its feed with (or CITY_FEED_TOKEN). */
    'city-token': { type: 'string' },
    /** A county office on PostgreSQL: publish its rows for the city's logical replication, readable by this role. */
    'replication-role': { type: 'string' },
    /** The city office: a JSON file of the counties it reads, `[{ "code", "url", "token", "replication"? }]`. */
    counties: { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  log.error(`--port must be 0..65535, got ${values.port}`);
  process.exit(2);
}
if (values.county !== undefined && !isCountyCode(values.county)) {
  log.error(`--county must be one of the city's county codes (230822, 230826, 230828, 230881, 230882, 230883), got ${values.county}`);
  process.exit(2);
}
const counties = values.counties === undefined ? undefined : readCountyLinks(values.counties);
if (counties && !counties.ok) {
  log.error(counties.error);
  process.exit(2);
}
const cityToken = values['city-token'] ?? process.env['CITY_FEED_TOKEN'];
if (values.county !== undefined && cityToken !== undefined && cityToken.length < MIN_CITY_TOKEN_LENGTH) {
  log.error(`--city-token (or CITY_FEED_TOKEN) must be at least ${MIN_CITY_TOKEN_LENGTH} characters: make one with \`openssl rand -hex 24\``);
  process.exit(2);
}
const databaseUrl = values.database ?? process.env['OFFICE_DATABASE_URL'];
const storage = databaseUrl ? await openPostgresStorage(databaseUrl) : openSqliteStorage(values.data);
if (values.seed) {
  const result = await seedOffice(storage, values.seed);
  log.info(result.seeded ? { counts: result.counts } : {}, result.seeded ? `seeded "${values.seed}"` : 'office already has data; seed skipped');
  const map = await seedMap(storage.db, values.seed, { now: () => new Date() });
  if (map.seeded) log.info({ buildings: map.buildings }, 'map layer seeded');
  const archive = await seedArchive(storage, values.seed, todayInOffice());
  if (archive.seeded) log.info({ units: archive.units }, 'register seeded');
  const market = await seedMarket(storage.db, values.seed, todayInOffice());
  if (market.seeded) log.info({ filings: market.filings, listings: market.listings }, 'market seeded');
}
const trustProxy = values['trust-proxy']?.split(',').map((p) => p.trim()).filter(Boolean);
const provinceUrl = values['province-url'] ?? process.env['OFFICE_PROVINCE_URL'];
const city = cityPlugin({
  officeCode: values.county ?? CITY_CODE,
  ...(values.county !== undefined && cityToken !== undefined ? { cityToken } : {}),
  ...(values.county !== undefined && values['replication-role'] !== undefined ? { replicationRole: values['replication-role'] } : {}),
  ...(counties?.ok ? { counties: counties.value } : {}),
});
const app = await buildOfficeApp({
  dataDir: values.data,
  storage,
  plugins: [officePlugin, city],
  ...(values.county !== undefined ? { countyCode: values.county } : {}),
  // The city office's ids carry 230800, as a county's carry its own code.
  areaCode: values.county ?? CITY_CODE,
  ...(trustProxy ? { trustProxy } : {}),
  ...(provinceUrl ? { province: { url: provinceUrl } } : {}),
});
const address = await app.listen({ port, host: values.host });
// A drawing thread takes seconds to load ECharts: load it now rather than on the first public page (tests build offices without it).
app.office.drawing.warm();
log.info({ data: values.data, database: databaseUrl ? 'postgres' : 'sqlite', office: values.county ?? CITY_CODE }, `office listening on ${address}`);
// A parent process (tests, `npm start`) reads this line to learn the port when started with --port 0.
process.stdout.write(`OFFICE_LISTENING ${address}\n`);

const stop = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
