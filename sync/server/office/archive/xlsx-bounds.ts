import { inflateRawSync } from 'node:zlib';
import { type Result, err, ok } from '#domain/result.ts';

/**
 * What a ledger workbook may hold, checked before read-excel-file is given it. That library offers no limit of its own:
 * it inflates every entry of the ZIP into memory (allocating the size each entry declares) and builds the sheet as a
 * dense table up to its last cell's address, so a few kilobytes could ask for gigabytes, or one cell at XFD1048576
 * for a table of seventeen billion cells. 100,000 rows of the old ledger are about 85 MB of sheet and string XML.
 */
export const MAX_LEDGER_INFLATED_BYTES = 128 * 1024 * 1024;
export const MAX_LEDGER_ROWS = 200_000;
/** The ledger has 16 columns (LEGACY_COLUMN_TEXT); a sheet may carry a few of its own besides. */
export const MAX_LEDGER_COLUMNS = 32;
const MAX_ENTRIES = 10_000;

export type LedgerLimit = { kind: 'too-large'; what: 'inflated' | 'rows' | 'columns'; max: number };
export type XlsxRefusal = { kind: 'unreadable' } | LedgerLimit;

type Entry = { name: string; method: number; flags: number; compressed: number; size: number; offset: number };

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = 0x08074b50;

class Unreadable extends Error {}
class Limit extends Error {
  constructor(readonly limit: LedgerLimit) {
    super(limit.what);
  }
}

/** The entries the central directory names (APPNOTE 4.3.12); ZIP64 and multi-disk archives are not Excel's and refused. */
function centralDirectory(b: Buffer): { entries: Entry[]; start: number } {
  let end = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Unreadable();
  const count = b.readUInt16LE(end + 10);
  const start = b.readUInt32LE(end + 16);
  if (count === 0xffff || start === 0xffffffff || b.readUInt16LE(end + 4) !== 0 || count > MAX_ENTRIES) throw new Unreadable();
  const entries: Entry[] = [];
  for (let at = start, i = 0; i < count; i++) {
    if (at + 46 > end || b.readUInt32LE(at) !== CENTRAL) throw new Unreadable();
    const n = b.readUInt16LE(at + 28);
    entries.push({
      flags: b.readUInt16LE(at + 8), method: b.readUInt16LE(at + 10), compressed: b.readUInt32LE(at + 20), size: b.readUInt32LE(at + 24),
      offset: b.readUInt32LE(at + 42), name: b.toString('utf8', at + 46, at + 46 + n),
    });
    at += 46 + n + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
  }
  return { entries, start };
}

/**
 * Each entry's data, where its local header puts it. read-excel-file reads the local headers one after another, not
 * the directory, so the entries must lie back to back from the first byte to the directory, each as the directory
 * describes it: nothing hidden between them could be inflated unchecked.
 */
function dataOf(b: Buffer, entries: readonly Entry[], directory: number): Map<Entry, Buffer> {
  const data = new Map<Entry, Buffer>();
  let at = 0;
  for (const e of [...entries].sort((x, y) => x.offset - y.offset)) {
    if (e.offset !== at || at + 30 > directory || b.readUInt32LE(at) !== LOCAL) throw new Unreadable();
    const flags = b.readUInt16LE(at + 6);
    const described = (flags & 8) === 0;
    // Sizes left for a data descriptor are 0 in the local header; any other must be the directory's (read-excel-file
    // allocates the size the local header declares).
    const fits = (local: number, central: number) => local === central || (!described && local === 0);
    if (b.readUInt16LE(at + 8) !== e.method || !fits(b.readUInt32LE(at + 18), e.compressed) || !fits(b.readUInt32LE(at + 22), e.size)) throw new Unreadable();
    const from = at + 30 + b.readUInt16LE(at + 26) + b.readUInt16LE(at + 28);
    at = from + e.compressed;
    if (at > directory) throw new Unreadable();
    data.set(e, b.subarray(from, at));
    if (!described) at += at + 4 <= directory && b.readUInt32LE(at) === DESCRIPTOR ? 16 : 12;
  }
  if (at !== directory) throw new Unreadable();
  return data;
}

function inflate(e: Entry, data: Buffer, budget: number): Buffer {
  if (e.method === 0) return data;
  if (e.method !== 8) throw new Unreadable();
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
  } catch (error) {
    if (error instanceof RangeError) throw new Limit({ kind: 'too-large', what: 'inflated', max: MAX_LEDGER_INFLATED_BYTES });
    throw new Unreadable();
  }
}

const columnNumber = (letters: string): number => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

/** The last row and column a sheet's cells and rows name, as read-excel-file would number them (ECMA-376 Part 1, 18.3.1). */
function checkSheet(xml: string): void {
  let row = 0;
  const tags = /<(?:[A-Za-z_][\w.-]*:)?(row|c)\b([^>]*)>/g;
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    const r = /(?:^|\s)r\s*=\s*["']([^"']*)["']/.exec(m[2] ?? '')?.[1];
    let cellRow = 0;
    if (m[1] === 'row') row = r ? Number(r) : row + 1;
    else if (r) {
      const address = /^([A-Z]{1,3})(\d+)$/.exec(r);
      if (!address) throw new Unreadable();
      if (columnNumber(address[1] ?? '') > MAX_LEDGER_COLUMNS) throw new Limit({ kind: 'too-large', what: 'columns', max: MAX_LEDGER_COLUMNS });
      cellRow = Number(address[2]);
    }
    if (!(row <= MAX_LEDGER_ROWS + 1 && cellRow <= MAX_LEDGER_ROWS + 1)) throw new Limit({ kind: 'too-large', what: 'rows', max: MAX_LEDGER_ROWS });
  }
}

/**
 * Inflates every entry of an .xlsx file (a ZIP archive, ECMA-376 Part 2) with at most `MAX_LEDGER_INFLATED_BYTES` in
 * all, each to exactly the size it declares, and checks that no worksheet reaches past `MAX_LEDGER_ROWS` rows (and the
 * heading) or `MAX_LEDGER_COLUMNS` columns. What is inflated here is dropped; read-excel-file then reads the same bytes.
 */
export function checkXlsxBounds(bytes: Uint8Array): Result<void, XlsxRefusal> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const { entries, start } = centralDirectory(b);
    const declared = entries.reduce((n, e) => n + e.size, 0);
    if (declared > MAX_LEDGER_INFLATED_BYTES) return err({ kind: 'too-large', what: 'inflated', max: MAX_LEDGER_INFLATED_BYTES });
    let total = 0;
    for (const [e, data] of dataOf(b, entries, start)) {
      const out = inflate(e, data, MAX_LEDGER_INFLATED_BYTES - total);
      if (out.length !== e.size) throw new Unreadable();
      total += out.length;
      if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) checkSheet(out.toString('latin1'));
    }
    return ok(undefined);
  } catch (error) {
    if (error instanceof Limit) return err(error.limit);
    if (error instanceof Unreadable || error instanceof RangeError) return err({ kind: 'unreadable' });
    throw error;
  }
}
