import { type BenchRow, formatTable } from './report.ts';

type Suite = { name: string; load: () => Promise<() => Promise<BenchRow[]>> };

// Suites are loaded lazily so `npm run bench -- devices` does not start what it does not measure.
const suites: Suite[] = [
  { name: 'sync', load: async () => (await import('./sync.ts')).benchSync },
  { name: 'documents', load: async () => (await import('./documents.ts')).benchDocuments },
  { name: 'devices', load: async () => (await import('./devices.ts')).benchDevices },
  { name: 'app', load: async () => (await import('./app.ts')).benchApp },
  {
    name: 'city',
    load: async () => {
      const [{ benchCity }, { benchCityStatistics }] = await Promise.all([import('./city.ts'), import('./city-statistics.ts')]);
      return async () => [...(await benchCity()), ...(await benchCityStatistics())];
    },
  },
  { name: 'archive', load: async () => (await import('./archive.ts')).benchArchive },
  { name: 'market', load: async () => (await import('./market.ts')).benchMarket },
  { name: 'office', load: async () => (await import('./office.ts')).benchOffice },
];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !suites.some((s) => s.name === w));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${suites.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const selected = wanted.length === 0 ? suites : suites.filter((s) => wanted.includes(s.name));
const rows: BenchRow[] = [];
for (const suite of selected) {
  console.error(`running ${suite.name} …`);
  const run = await suite.load();
  rows.push(...(await run()));
}
console.log(formatTable(rows));
