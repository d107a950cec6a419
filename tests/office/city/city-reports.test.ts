import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITY_CODE } from '#domain/city/counties.ts';
import { type ReportPeriod } from '#domain/city/report.ts';
import { CITY_TOTAL, type Measures, type StatFact, totalOf } from '#domain/city/statistics.ts';
import { type Db, type Queryable } from '#office/platform/db/db.ts';
import { produceReport } from '#server/office/city/reports/produce-report.ts';
import { runReportCommand } from '#server/office/city/reports/report-cli.ts';
import { ReportScheduler } from '#server/office/city/reports/report-scheduler.ts';
import { ReportStore } from '#server/office/city/reports/report-store.ts';
import { addFacts } from '#server/office/city/stat-store.ts';
import { openTestDb } from '../../support/backend.ts';
import { tempFolderForTests } from '../../support/temp-folder.ts';

const NOV: ReportPeriod = { kind: 'month', month: '2026-11' };
const fact = (source: string, month: string, kind: StatFact['kind'], use: StatFact['use'], measures: Partial<Measures>): StatFact => ({ source, month, kind, use, measures });

/** What each office's own statistics hold, as its feed delivers them to the city (the city's own facts are its own). */
const FACTS: Record<string, StatFact[]> = {
  '230822': [
    fact('event:a1', '2026-11', 'transfer', 'residential', { registrations: 1, registeredUnits: 1 }),
    fact('event:a2', '2026-11', 'transfer', 'residential', { feeFen: 8_000 }),
    fact('market:1', '2026-11', 'market', 'residential', { newHomeCount: 1, newHomeAreaDm2: 9_000, newHomeFen: 54_000_000 }),
    fact('market:2', '2026-10', 'market', 'residential', { newHomeCount: 1, newHomeAreaDm2: 10_000, newHomeFen: 50_000_000 }),
  ],
  '230826': [
    fact('event:b1', '2026-11', 'first', 'non-residential', { registrations: 1, registeredUnits: 2, feeFen: 55_000 }),
    fact('market:1', '2026-11', 'market', 'residential', { secondHandCount: 1, secondHandAreaDm2: 8_000, secondHandFen: 32_000_000 }),
    fact('market:2', '2026-11', 'market', 'unknown', { supplyUnits: 12, supplyAreaDm2: 125_736 }),
  ],
  [CITY_CODE]: [
    fact('event:c1', '2026-11', 'transfer', 'residential', { registrations: 1, registeredUnits: 1, feeFen: 8_000 }),
    fact('event:c2', '2026-12', 'transfer', 'residential', { registrations: 1, registeredUnits: 1, feeFen: 8_000 }),
  ],
};
const ownFigure = (office: string, months: readonly string[]) => totalOf((FACTS[office] ?? []).filter((f) => months.includes(f.month)).map((f) => f.measures));

const dir = tempFolderForTests('city-reports');
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await openTestDb(dir()));
  // As the city stores what arrives: each office's facts under its code and into the city's total; county A's feed delivered twice.
  for (const [office, facts] of [...Object.entries(FACTS), ['230822', FACTS['230822'] ?? []] as const]) {
    await db.transaction((tx) => addFacts(tx, office, facts, CITY_TOTAL));
  }
}, 60_000);
afterAll(async () => {
  await drop?.();
});

describe('the city’s monthly and yearly reports', () => {
  it('totals the month as the sum of the counties’ and the city’s own figures', async () => {
    const { report } = await produceReport(db, NOV, new Date('2026-12-02T01:00:00Z'));
    const own = [...Object.keys(FACTS)].map((o) => ownFigure(o, ['2026-11']));
    expect(report.total).toEqual(totalOf(own));
    expect(report.officesTotal).toEqual(report.total);
    expect(report.total).toEqual({
      registrations: 3, registeredUnits: 4, feeFen: 71_000, newHomeCount: 1, newHomeAreaDm2: 9_000, newHomeFen: 54_000_000,
      secondHandCount: 1, secondHandAreaDm2: 8_000, secondHandFen: 32_000_000, supplyUnits: 12, supplyAreaDm2: 125_736,
    });
    expect(report.offices.find((o) => o.office === '230822')?.measures).toEqual(ownFigure('230822', ['2026-11']));
    const year = (await produceReport(db, { kind: 'year', year: '2026' }, new Date('2027-01-02T01:00:00Z'))).report;
    expect(year.total).toEqual(totalOf(Object.keys(FACTS).map((o) => ownFigure(o, ['2026-10', '2026-11', '2026-12']))));
    expect(year.total.registrations).toBe(4);
    expect(year.months.map((m) => m.measures.newHomeCount).slice(-3)).toEqual([1, 1, 0]);
  });

  it('writes a workbook that reads back with its four sheets and every office’s line', async () => {
    const { xlsx } = await produceReport(db, NOV, new Date('2026-12-02T01:00:00Z'));
    const sheets = await readXlsxFile(Buffer.from(xlsx));
    expect(sheets.map((s) => s.sheet)).toEqual(['汇总', '分县（市）', '按登记类型', '月度走势']);
    const offices = sheets[1]?.data ?? [];
    expect(offices.map((r) => r[0])).toEqual(['县（市）', '桦南县', '桦川县', '汤原县', '同江市', '富锦市', '抚远市', '佳木斯市', '分列之和', '全市合计']);
    // 桦南县: one registration of one unit, 80 yuan, one new home of 90 m² for 540,000 yuan (6,000 yuan/m²).
    expect(offices[1]?.slice(0, 7)).toEqual(['桦南县', 1, 1, 80, 1, 90, 6000]);
    expect(offices[9]?.slice(0, 4)).toEqual(['全市合计', 3, 4, 710]);
    expect(offices[9]?.slice(7, 12)).toEqual([1, 80, 4000, 12, 1257.36]);
    expect(sheets[2]?.data.map((r) => r[0])).toEqual(['登记类型', '首次登记', '转移登记']);
    expect(sheets[3]?.data).toHaveLength(13);
  });

  it('prints the figures as text and both charts as images in the PDF', async () => {
    const { pdf } = await produceReport(db, NOV, new Date('2026-12-02T01:00:00Z'));
    const file = join(dir(), 'nov.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('佳木斯市不动产登记与房地产市场统计月报（2026年11月）');
    for (const words of ['一、全市汇总', '桦南县', '桦川县', '抚远市', '全市合计', '710.00', '四、图表']) expect(text).toContain(words);
    // Yuan grouped by thousands, as on the office's pages: 540000.00 is misread by a digit at a glance.
    expect(text).toContain('1 套，90.00 ㎡，540,000.00 元，均价 6,000 元/㎡');
    expect(text).toContain('1 套，80.00 ㎡，320,000.00 元，均价 4,000 元/㎡');
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').filter((l) => / image /.test(l));
    expect(images).toHaveLength(2);
    // Drawn at twice the chart's size: 760 × 320 and 760 × 340 SVG pixels.
    expect(images.map((l) => l.trim().split(/\s+/).slice(3, 5).join('x'))).toEqual(['1520x640', '1520x680']);
  });

  it('writes both files from the command, and refuses a period it cannot read', async () => {
    const out = join(dir(), 'cli');
    mkdirSync(out, { recursive: true });
    const lines: string[] = [];
    // The command opens the office's own database; on SQLite that is this test's file.
    if (db.dialect === 'sqlite') {
      expect(await runReportCommand(['2026', '--out', out, '--data', dir()], (l) => lines.push(l))).toBe(0);
      expect(lines).toEqual([`已写入 ${join(out, '佳木斯市不动产登记与房地产市场统计年报（2026年）.pdf')}`, `已写入 ${join(out, '佳木斯市不动产登记与房地产市场统计年报（2026年）.xlsx')}`]);
      expect(readFileSync(join(out, '佳木斯市不动产登记与房地产市场统计年报（2026年）.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(await runReportCommand(['2026-13', '--out', out], (l) => lines.push(l))).toBe(2);
    expect(lines.at(-1)).toBe('报表期间“2026-13”有误：请填写月份（如 2026-11）或年份（如 2026）');
    // A month not yet begun on the command's day, in Beijing time (16:30 UTC on 31 December is already 1 January there).
    expect(await runReportCommand(['2027-02', '--out', out], (l) => lines.push(l), new Date('2026-12-31T16:30:00Z'))).toBe(2);
    expect(lines.at(-1)).toBe('报表期间“2027-02”尚未开始：只能生成本月及以前的月份、本年及以前的年份');
    expect(await runReportCommand(['2027', '--out', out], (l) => lines.push(l), new Date('2026-12-31T15:30:00Z'))).toBe(2);
  });
});

describe('the report schedule', () => {
  const at = (iso: string) => ({ now: () => new Date(iso) });
  let drawn: string[];
  const counting = (db0: Queryable, period: ReportPeriod, now: Date, revision: number) => {
    drawn.push(period.kind === 'month' ? period.month : period.year);
    return produceReport(db0, period, now, revision);
  };

  it('draws each closed month and year once, at the end of a month, of a year, and after a restart', async () => {
    const store = new ReportStore(join(dir(), 'schedule'));
    drawn = [];
    const on = (iso: string) => new ReportScheduler(db, store, at(iso), { backMonths: 2, produce: counting }).runDue();
    // 08:30 Beijing time on the last day of November: November is still open.
    expect(await on('2026-11-30T00:30:00Z')).toEqual(['month-2026-09', 'month-2026-10', 'year-2025']);
    // The first of December (Beijing time, though still 30 November in UTC): November waits a day for the counties.
    expect(await on('2026-11-30T16:30:00Z')).toEqual([]);
    expect(await on('2026-12-02T00:30:00Z')).toEqual(['month-2026-11']);
    // A restart on the same day, or a later round, draws nothing again.
    expect(await on('2026-12-02T00:31:00Z')).toEqual([]);
    expect(await on('2026-12-31T15:59:00Z')).toEqual([]);
    expect(await on('2027-01-01T08:00:00Z')).toEqual([]);
    expect(await on('2027-01-02T08:00:00Z')).toEqual(['month-2026-12', 'year-2026']);
    expect(drawn).toEqual(['2026-09', '2026-10', '2025', '2026-11', '2026-12', '2026']);
    expect((await store.list()).map((r) => r.id)).toEqual(['year-2026', 'year-2025', 'month-2026-12', 'month-2026-11', 'month-2026-10', 'month-2026-09']);
    const stored = await store.read('month-2026-11', 'xlsx');
    const sheets = await readXlsxFile(Buffer.from(stored ?? new Uint8Array()));
    expect(sheets[1]?.data[9]?.slice(0, 2)).toEqual(['全市合计', 3]);
  });

  it('loses and doubles nothing when the office stops in the middle of a report', async () => {
    const folder = join(dir(), 'crash');
    const store = new ReportStore(folder);
    drawn = [];
    // The workbook cannot be put in place (a folder holds its name): the round fails after the PDF was written.
    mkdirSync(join(folder, 'month-2026-11.xlsx'), { recursive: true });
    const scheduler = () => new ReportScheduler(db, store, at('2026-12-02T00:30:00Z'), { backMonths: 1, produce: counting });
    await expect(scheduler().runDue()).rejects.toThrow();
    expect(await store.list()).toEqual([]);
    expect(await store.read('month-2026-11', 'pdf')).toBeNull();
    // Restarted with the disk fixed: the report is drawn once more, whole, and then never again.
    rmSync(join(folder, 'month-2026-11.xlsx'), { recursive: true });
    expect(await scheduler().runDue()).toEqual(['month-2026-11', 'year-2025']);
    expect(await scheduler().runDue()).toEqual([]);
    expect(drawn).toEqual(['2026-11', '2026-11', '2025']);
    const list = await store.list();
    expect(list.map((r) => r.id)).toEqual(['year-2025', 'month-2026-11']);
    const pdf = await store.read('month-2026-11', 'pdf');
    expect(pdf?.length).toBe(list[1]?.pdf.bytes);
  });
});

describe('a report redrawn when a county catches up late', () => {
  const at = (iso: string) => ({ now: () => new Date(iso) });
  /** The city's whole line (全市合计) of a stored revision's workbook: registrations, units, fees in yuan. */
  const totalLine = async (store: ReportStore, revision?: number) => {
    const sheets = await readXlsxFile(Buffer.from((await store.read('month-2026-11', 'xlsx', revision)) ?? new Uint8Array()));
    return sheets[1]?.data[9]?.slice(0, 4);
  };
  const ownLine = (late: readonly StatFact[]) => {
    const own = totalOf([...Object.entries(FACTS), ['230826', late] as const].flatMap(([, facts]) => facts.filter((f) => f.month === '2026-11').map((f) => f.measures)));
    return ['全市合计', own.registrations, own.registeredUnits, own.feeFen / 100];
  };
  // 桦川县 was offline for days: its November registrations reach the city after November's report was drawn.
  const LATE = [fact('event:b-late-1', '2026-11', 'transfer', 'residential', { registrations: 2, registeredUnits: 2, feeFen: 16_000 })];
  const LATER = [fact('event:b-late-2', '2026-11', 'first', 'residential', { registrations: 1, registeredUnits: 1, feeFen: 8_000 })];

  it('redraws the month as a new revision with the counties’ new totals, keeps the first as superseded, once, and survives a crash', { timeout: 180_000 }, async () => {
    const folder = join(dir(), 'revisions');
    const store = new ReportStore(folder);
    const round = () => new ReportScheduler(db, store, at('2026-12-05T00:30:00Z'), { backMonths: 1 }).runDue();
    expect(await round()).toEqual(['month-2026-11', 'year-2025']);
    expect(await totalLine(store)).toEqual(['全市合计', 3, 4, 710]);
    // Facts of an open month, or of no stored report's period, change nothing drawn.
    await db.transaction((tx) => addFacts(tx, CITY_CODE, [fact('event:c3', '2026-12', 'transfer', 'residential', { registrations: 1 })], CITY_TOTAL));
    expect(await round()).toEqual([]);

    await db.transaction((tx) => addFacts(tx, '230826', LATE, CITY_TOTAL));
    expect(await round()).toEqual(['month-2026-11.r2']);
    // The new revision's total is the sum of every office's own November figures, the late ones included.
    expect(await totalLine(store)).toEqual(ownLine(LATE));
    expect(await totalLine(store)).toEqual(['全市合计', 5, 6, 870]);
    // The first revision stays downloadable with the figures it was drawn from, superseded by the second.
    expect(await totalLine(store, 1)).toEqual(['全市合计', 3, 4, 710]);
    const revisions = await store.revisions('month-2026-11');
    expect(revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(revisions[1]?.basis?.factSeq).toBeGreaterThan(revisions[0]?.basis?.factSeq ?? Infinity);
    expect(revisions[1]?.basis?.figures).not.toBe(revisions[0]?.basis?.figures);
    expect((await store.list()).map((r) => [r.id, r.revision])).toEqual([['year-2025', 1], ['month-2026-11', 2]]);
    // A restart, or a later round, draws it no more.
    expect(await round()).toEqual([]);

    // More arrives, and the office stops while writing the third revision's workbook (a folder holds its name).
    await db.transaction((tx) => addFacts(tx, '230826', LATER, CITY_TOTAL));
    mkdirSync(join(folder, 'month-2026-11.r3.xlsx'));
    await expect(round()).rejects.toThrow();
    expect((await store.list()).find((r) => r.id === 'month-2026-11')?.revision).toBe(2);
    expect(await store.read('month-2026-11', 'pdf', 3)).toBeNull();
    rmSync(join(folder, 'month-2026-11.r3.xlsx'), { recursive: true });
    expect(await round()).toEqual(['month-2026-11.r3']);
    expect(await round()).toEqual([]);
    expect(await totalLine(store)).toEqual(ownLine([...LATE, ...LATER]));
    const pdf = join(dir(), 'r3.pdf');
    writeFileSync(pdf, (await store.read('month-2026-11', 'pdf')) ?? new Uint8Array());
    expect(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')).toContain('第3版（更正版：县（市）补报数据后重新生成，取代第2版）');
  });

  it('redraws a report stored before reports kept their basis once, as its next revision', { timeout: 120_000 }, async () => {
    const folder = join(dir(), 'legacy');
    const store = new ReportStore(folder);
    const { pdf, xlsx } = await produceReport(db, NOV, new Date('2026-12-02T01:00:00Z'));
    await store.save('month-2026-11', { pdf, xlsx }, new Date('2026-12-02T01:00:00Z'));
    const round = () => new ReportScheduler(db, store, at('2026-12-05T00:30:00Z'), { backMonths: 1 }).runDue();
    expect(await round()).toEqual(['year-2025', 'month-2026-11.r2']);
    expect(await round()).toEqual([]);
  });
});
