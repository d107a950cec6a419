/**
 * SQL only through this tagged template: values are bound as parameters, never spliced into the text.
 * One statement renders for either backend: `?` placeholders for SQLite, `$1, $2, …` for PostgreSQL.
 */
export type Dialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | bigint | null | Buffer;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** An identifier (table, column) checked against an allowlist pattern; the only way a name reaches SQL text. */
export class SqlId {
  constructor(readonly name: string) {
    if (!IDENTIFIER.test(name)) throw new Error(`not an SQL identifier: ${JSON.stringify(name)}`);
  }
}
export const sqlId = (name: string): SqlId => new SqlId(name);

/** A statement or fragment: `chunks` are the literal text around the bound `values` (one more chunk than values). */
export class Sql {
  constructor(
    readonly chunks: readonly string[],
    readonly values: readonly SqlValue[],
  ) {}

  /** The text with this dialect's placeholders, and the values in placeholder order. */
  render(dialect: Dialect): { text: string; values: readonly SqlValue[] } {
    const shaped = SHAPE_TEXTS.get(this.chunks);
    if (shaped) return { text: shaped[dialect], values: this.values };
    if (dialect === 'sqlite') return { text: this.chunks.join('?'), values: this.values };
    let text = this.chunks[0] ?? '';
    for (let i = 1; i < this.chunks.length; i++) text += `$${i}${this.chunks[i] ?? ''}`;
    return { text, values: this.values };
  }
}

type Part = SqlValue | Sql | SqlId;

// The builders below append to plain arrays in loops, without a closure or an object per value: a pushed batch's
// statements carry thousands of values, and building them was a tenth of what the office allocated per push.

/**
 * `sql\`SELECT * FROM t WHERE id = ${id}\``. A value becomes a parameter; an `Sql` is inlined with its
 * own parameters (composition); an `SqlId` is inlined as a quoted identifier.
 */
export function sql(strings: TemplateStringsArray, ...parts: readonly Part[]): Sql {
  const chunks: string[] = [strings[0] ?? ''];
  const values: SqlValue[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? null;
    if (part instanceof SqlId) chunks[chunks.length - 1] += `"${part.name}"`;
    else if (part instanceof Sql) appendSql(chunks, values, part);
    else {
      values.push(part);
      chunks.push('');
    }
    chunks[chunks.length - 1] += strings[i + 1] ?? '';
  }
  return new Sql(chunks, values);
}

/** Appends `part` to a statement being built: its first chunk joins the last one, its values and other chunks follow. */
function appendSql(chunks: string[], values: SqlValue[], part: Sql): void {
  chunks[chunks.length - 1] += part.chunks[0] ?? '';
  for (let j = 0; j < part.values.length; j++) {
    values.push(part.values[j] ?? null);
    chunks.push(part.chunks[j + 1] ?? '');
  }
}

/** Fragments joined with a separator: `sqlJoin([sql\`a = ${1}\`, sql\`b = ${2}\`], ' AND ')`. */
export function sqlJoin(parts: readonly Sql[], separator: string): Sql {
  const chunks: string[] = [''];
  const values: SqlValue[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) chunks[chunks.length - 1] += separator;
    const part = parts[i];
    if (part) appendSql(chunks, values, part);
  }
  return new Sql(chunks, values);
}

/**
 * `LIMIT n` with `n` in the text, not bound: SQLite (3.47 and later) reads a bound LIMIT's value while planning
 * (`sqlite3ExprIsInteger`) and so marks the statement to be prepared again whenever that parameter is bound, which
 * better-sqlite3 does on every run: a statement with `LIMIT ?` is compiled anew each time it runs (sqlite.org/c3ref/prepare.html,
 * "the specific value bound to a host parameter ... might influence the choice of query plan"). A non-negative safe
 * integer only, so nothing but digits reaches the text; each limit is its own prepared statement.
 */
export function sqlLimit(n: number): Sql {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a row limit: ${String(n)}`);
  return new Sql([`LIMIT ${String(n)}`], []);
}

/** A parenthesised list of values for `IN`: `x IN ${sqlList(ids)}`. An empty list matches nothing (`IN (NULL)`). */
export function sqlList(values: readonly SqlValue[]): Sql {
  if (values.length === 0) return sql`(NULL)`;
  // Built directly (a page's list of keys is on the listings search's path): the same text as joining `${v}` each.
  return new Sql(['(', ...values.slice(1).map(() => ', '), ')'], values);
}

/**
 * Rows of values for a multi-row `VALUES`, `(a, b), (c, d)`, each row a parameter per value:
 * `sql\`INSERT INTO t (x, y) VALUES ${sqlRows([[1, 'a'], [2, 'b']])}\``.
 */
export function sqlRows(rows: readonly (readonly SqlValue[])[]): Sql {
  const chunks: string[] = [];
  const values: SqlValue[] = [];
  let open = '(';
  for (const row of rows) {
    if (row.length === 0) throw new Error('an SQL row needs at least one value');
    chunks.push(open);
    for (let j = 0; j < row.length; j++) {
      values.push(row[j] ?? null);
      if (j > 0) chunks.push(', ');
    }
    open = '), (';
  }
  chunks.push(chunks.length === 0 ? '' : ')');
  return new Sql(chunks, values);
}

/** The texts of each statement shape's chunks (`SqlShape`), rendered once: the same string each time, so finding its prepared statement hashes it once too. */
const SHAPE_TEXTS = new WeakMap<readonly string[], Record<Dialect, string>>();

/**
 * A statement around one list, a multi-row `VALUES (…), (…)` (rows of `width` values) or an `IN (…)` list,
 * whose text is built once per list length and reused. A pushed batch's statements carry up to 1,200 values:
 * joining their text, and hashing it to find the prepared statement, on every batch was 3% of the office's time
 * under 20 vans pushing (docs/benchmark-log.md). `before` and `after` are the statement's fixed text, a `?` in
 * them where a value goes; the values are given with the list, so nothing but a placeholder is ever spliced.
 */
export class SqlShape {
  private readonly before: readonly string[];
  private readonly after: readonly string[];
  private readonly byLength = new Map<number, readonly string[]>();

  constructor(
    before: string,
    private readonly list: { width: number } | 'in',
    after = '',
  ) {
    this.before = before.split('?');
    this.after = after.split('?');
  }

  /** The values the fixed text takes, `before`'s and `after`'s together. */
  get fixedValues(): number {
    return this.before.length - 1 + this.after.length - 1;
  }

  /**
   * The statement for `values`: `before`'s values, then the list's (row after row, flat), then `after`'s.
   * The list must not be empty (an empty IN list is `sqlList`'s `(NULL)`; an empty VALUES is no statement).
   */
  of(values: readonly SqlValue[]): Sql {
    const width = this.list === 'in' ? 1 : this.list.width;
    const items = values.length - this.fixedValues;
    if (items <= 0 || items % width !== 0) throw new Error(`a list of ${items} values does not fill rows of ${width}`);
    let chunks = this.byLength.get(items);
    if (!chunks) {
      chunks = this.chunksFor(items, width);
      this.byLength.set(items, chunks);
      let postgres = chunks[0] ?? '';
      for (let i = 1; i < chunks.length; i++) postgres += `$${i}${chunks[i] ?? ''}`;
      SHAPE_TEXTS.set(chunks, { sqlite: chunks.join('?'), postgres });
    }
    return new Sql(chunks, values);
  }

  /** `before`, the list's `(` and a separator after each value but the last, its `)` and `after`: one more chunk than values. */
  private chunksFor(items: number, width: number): string[] {
    const chunks = [...this.before];
    chunks[chunks.length - 1] += '(';
    for (let k = 1; k < items; k++) chunks.push(this.list !== 'in' && k % width === 0 ? '), (' : ', ');
    chunks.push(`)${this.after[0] ?? ''}`);
    chunks.push(...this.after.slice(1));
    return chunks;
  }
}
