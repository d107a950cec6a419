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
    let text = this.chunks[0] ?? '';
    for (let i = 1; i < this.chunks.length; i++) text += (dialect === 'sqlite' ? '?' : `$${i}`) + (this.chunks[i] ?? '');
    return { text, values: this.values };
  }
}

type Part = SqlValue | Sql | SqlId;

/**
 * `sql\`SELECT * FROM t WHERE id = ${id}\``. A value becomes a parameter; an `Sql` is inlined with its
 * own parameters (composition); an `SqlId` is inlined as a quoted identifier.
 */
export function sql(strings: TemplateStringsArray, ...parts: readonly Part[]): Sql {
  const chunks: string[] = [strings[0] ?? ''];
  const values: SqlValue[] = [];
  const append = (text: string) => {
    chunks[chunks.length - 1] += text;
  };
  parts.forEach((part, i) => {
    if (part instanceof SqlId) append(`"${part.name}"`);
    else if (part instanceof Sql) {
      append(part.chunks[0] ?? '');
      for (let j = 0; j < part.values.length; j++) {
        values.push(part.values[j] ?? null);
        chunks.push(part.chunks[j + 1] ?? '');
      }
    } else {
      values.push(part);
      chunks.push('');
    }
    append(strings[i + 1] ?? '');
  });
  return new Sql(chunks, values);
}

/** Fragments joined with a separator: `sqlJoin([sql\`a = ${1}\`, sql\`b = ${2}\`], ' AND ')`. */
export function sqlJoin(parts: readonly Sql[], separator: string): Sql {
  const chunks: string[] = [''];
  const values: SqlValue[] = [];
  parts.forEach((part, i) => {
    chunks[chunks.length - 1] += (i === 0 ? '' : separator) + (part.chunks[0] ?? '');
    for (let j = 0; j < part.values.length; j++) {
      values.push(part.values[j] ?? null);
      chunks.push(part.chunks[j + 1] ?? '');
    }
  });
  return new Sql(chunks, values);
}

/** A parenthesised list of values for `IN`: `x IN ${sqlList(ids)}`. An empty list matches nothing (`IN (NULL)`). */
export function sqlList(values: readonly SqlValue[]): Sql {
  if (values.length === 0) return sql`(NULL)`;
  // Built directly (a page's list of keys is on the listings search's path): the same text as joining `${v}` each.
  return new Sql(['(', ...values.slice(1).map(() => ', '), ')'], values);
}
