import type Database from 'better-sqlite3';

/** A SQL statement with its values bound as parameters, never spliced into the text (STYLE.md §6). */
export type Sql = { readonly text: string; readonly values: readonly SqlValue[] };
export type SqlValue = string | number | bigint | null | Buffer;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** An identifier (table, column) checked against an allowlist pattern; the only way a name reaches SQL text. */
export class SqlId {
  constructor(readonly name: string) {
    if (!IDENTIFIER.test(name)) throw new Error(`not an SQL identifier: ${JSON.stringify(name)}`);
  }
}
export const sqlId = (name: string): SqlId => new SqlId(name);

/**
 * Tagged template: `sql\`SELECT * FROM t WHERE id = ${id}\``. Values become `?` parameters; an `Sql`
 * value is inlined with its own parameters (composition); an `SqlId` is inlined as a quoted identifier.
 */
export function sql(strings: TemplateStringsArray, ...parts: readonly (SqlValue | Sql | SqlId)[]): Sql {
  let text = strings[0] ?? '';
  const values: SqlValue[] = [];
  parts.forEach((part, i) => {
    if (part instanceof SqlId) text += `"${part.name}"`;
    else if (isSql(part)) {
      text += part.text;
      values.push(...part.values);
    } else {
      text += '?';
      values.push(part);
    }
    text += strings[i + 1] ?? '';
  });
  return { text, values };
}

function isSql(part: unknown): part is Sql {
  return typeof part === 'object' && part !== null && !(part instanceof Buffer) && 'text' in part && 'values' in part;
}

/** Runs `Sql` against one better-sqlite3 connection, caching prepared statements by text. */
export class SqlRunner {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(readonly db: Database.Database) {}

  private prepare(q: Sql): Database.Statement {
    let stmt = this.cache.get(q.text);
    if (!stmt) {
      stmt = this.db.prepare(q.text);
      this.cache.set(q.text, stmt);
    }
    return stmt;
  }

  all<Row>(q: Sql): Row[] {
    return this.prepare(q).all(...q.values) as Row[];
  }

  get<Row>(q: Sql): Row | undefined {
    return this.prepare(q).get(...q.values) as Row | undefined;
  }

  run(q: Sql): Database.RunResult {
    return this.prepare(q).run(...q.values);
  }

  /** Runs `fn` in one IMMEDIATE transaction: all of it commits, or none of it. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}
