import { describe, expect, it } from 'vitest';
import { sql, sqlId, sqlJoin, sqlLimit, sqlList, sqlRows, SqlShape } from '#office/platform/db/sql.ts';

describe('the sql tagged template', () => {
  it('binds every value as a parameter, with each dialect its own placeholders', () => {
    const q = sql`SELECT * FROM t WHERE a = ${1} AND b = ${'x'}`;
    expect(q.render('sqlite')).toEqual({ text: 'SELECT * FROM t WHERE a = ? AND b = ?', values: [1, 'x'] });
    expect(q.render('postgres')).toEqual({ text: 'SELECT * FROM t WHERE a = $1 AND b = $2', values: [1, 'x'] });
  });

  it('inlines a fragment with its own parameters, numbered in order for PostgreSQL', () => {
    const where = sql`WHERE a = ${1} AND ${sqlJoin([sql`b = ${2}`, sql`c = ${3}`], ' OR ')}`;
    const q = sql`SELECT ${sqlId('name')} FROM t ${where} LIMIT ${10}`;
    expect(q.render('postgres')).toEqual({ text: 'SELECT "name" FROM t WHERE a = $1 AND b = $2 OR c = $3 LIMIT $4', values: [1, 2, 3, 10] });
    expect(q.render('sqlite').text).toBe('SELECT "name" FROM t WHERE a = ? AND b = ? OR c = ? LIMIT ?');
  });

  it('writes an IN list as one parameter per value, and an empty list as one that matches nothing', () => {
    expect(sql`x IN ${sqlList(['a', 'b'])}`.render('postgres')).toEqual({ text: 'x IN ($1, $2)', values: ['a', 'b'] });
    expect(sql`x IN ${sqlList([])}`.render('sqlite')).toEqual({ text: 'x IN (NULL)', values: [] });
  });

  it('writes rows of values for a multi-row VALUES, one parameter per value, numbered in order for PostgreSQL', () => {
    const q = sql`INSERT INTO t (a, b) VALUES ${sqlRows([[1, 'x'], [2, null]])} ON CONFLICT DO NOTHING`;
    expect(q.render('sqlite')).toEqual({ text: 'INSERT INTO t (a, b) VALUES (?, ?), (?, ?) ON CONFLICT DO NOTHING', values: [1, 'x', 2, null] });
    expect(q.render('postgres').text).toBe('INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING');
    expect(sql`VALUES ${sqlRows([['only']])}`.render('postgres')).toEqual({ text: 'VALUES ($1)', values: ['only'] });
    expect(() => sqlRows([[]])).toThrow(/at least one value/);
  });

  it('writes a row limit into the text as digits, and takes nothing but a whole number that is not negative', () => {
    expect(sql`SELECT a FROM t WHERE b = ${1} ORDER BY a ${sqlLimit(20)}`.render('sqlite')).toEqual({ text: 'SELECT a FROM t WHERE b = ? ORDER BY a LIMIT 20', values: [1] });
    expect(sql`SELECT a FROM t WHERE b = ${1} ${sqlLimit(0)}`.render('postgres')).toEqual({ text: 'SELECT a FROM t WHERE b = $1 LIMIT 0', values: [1] });
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) expect(() => sqlLimit(bad)).toThrow(/not a row limit/);
  });

  it('writes a shaped statement as the template writes it, its text built once per list length', () => {
    const insert = new SqlShape('INSERT INTO t (a, b) VALUES ', { width: 2 }, ' ON CONFLICT DO NOTHING');
    const two = insert.of([1, 'x', 2, null]);
    expect(two.render('sqlite')).toEqual(sql`INSERT INTO t (a, b) VALUES ${sqlRows([[1, 'x'], [2, null]])} ON CONFLICT DO NOTHING`.render('sqlite'));
    expect(two.render('postgres')).toEqual({ text: 'INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING', values: [1, 'x', 2, null] });
    expect(insert.of([3, 'y']).render('postgres')).toEqual({ text: 'INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING', values: [3, 'y'] });
    // The same text, not an equal one: the prepared statement's cache finds it without reading it through.
    expect(insert.of([5, 'z', 6, 'w']).render('sqlite').text).toBe(two.render('sqlite').text);
    const select = new SqlShape('SELECT id FROM t WHERE c = ? AND id IN ', 'in', ' AND d > ? AND e < ?');
    expect(select.of(['c', 'a', 'b', 'e', 1, 10]).render('postgres')).toEqual({ text: 'SELECT id FROM t WHERE c = $1 AND id IN ($2, $3, $4) AND d > $5 AND e < $6', values: ['c', 'a', 'b', 'e', 1, 10] });
    expect(select.of(['c', 'a', 1, 10]).render('sqlite')).toEqual(sql`SELECT id FROM t WHERE c = ${'c'} AND id IN ${sqlList(['a'])} AND d > ${1} AND e < ${10}`.render('sqlite'));
    expect(() => select.of(['c', 1, 10])).toThrow(/does not fill/);
    expect(() => insert.of([1, 'x', 2])).toThrow(/does not fill/);
  });

  it('takes an identifier only when it matches the allowlist pattern', () => {
    expect(() => sqlId('a"; DROP TABLE documents; --')).toThrow(/not an SQL identifier/);
    expect(() => sqlId('Documents')).toThrow(/not an SQL identifier/);
  });

  it('never places a value in the text, whatever it holds', () => {
    const evil = "'); DROP TABLE documents; --";
    const q = sql`SELECT * FROM t WHERE id = ${evil}`;
    expect(q.render('sqlite').text).not.toContain('DROP');
    expect(q.values).toEqual([evil]);
  });
});
