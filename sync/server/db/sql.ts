import type Database from 'better-sqlite3';
import { type Sql } from '#office/platform/db/sql.ts';

/** Runs `Sql` against one better-sqlite3 connection, synchronously, caching prepared statements by text. */
export class SqlRunner {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(readonly db: Database.Database) {}

  private prepare(q: Sql): Database.Statement {
    const { text } = q.render('sqlite');
    let stmt = this.cache.get(text);
    if (!stmt) {
      stmt = this.db.prepare(text);
      this.cache.set(text, stmt);
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
