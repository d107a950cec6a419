import { type Db, type Queryable, type Tx } from '#office/platform/db/db.ts';
import { type Sql } from '#office/platform/db/sql.ts';

/**
 * Counts the rows every query answers, through the database and every transaction on it; `queries`, when given,
 * keeps each query read, and `reads` each query with the rows it answered.
 */
export type RowCounter = { rows: number; queries?: Sql[]; reads?: { query: Sql; rows: number }[] };

function countingQueries<Q extends Queryable>(inner: Q, counter: RowCounter): Queryable {
  return {
    dialect: inner.dialect,
    all: async <Row>(q: Sql) => {
      counter.queries?.push(q);
      const rows = await inner.all<Row>(q);
      counter.rows += rows.length;
      counter.reads?.push({ query: q, rows: rows.length });
      return rows;
    },
    get: async <Row>(q: Sql) => {
      counter.queries?.push(q);
      const row = await inner.get<Row>(q);
      if (row !== undefined) counter.rows += 1;
      counter.reads?.push({ query: q, rows: row === undefined ? 0 : 1 });
      return row;
    },
    run: (q: Sql) => inner.run(q),
  };
}

/** The office database seen through a row counter: what a request reads is `counter.rows` after it. */
export function countingDb(inner: Db, counter: RowCounter): Db {
  const wrapTx = (tx: Tx): Tx => ({
    ...countingQueries(tx, counter),
    lock: (name) => tx.lock(name),
    notify: (channel, payload) => tx.notify(channel, payload),
    exec: (script) => tx.exec(script),
  });
  return {
    ...countingQueries(inner, counter),
    transaction: (fn, options) => inner.transaction((tx) => fn(wrapTx(tx)), options),
    listen: (channel, fn) => inner.listen(channel, fn),
    withLock: (name, fn) => inner.withLock(name, fn),
    tryLock: (name) => inner.tryLock(name),
    backup: (file) => inner.backup(file),
    close: () => inner.close(),
  };
}
