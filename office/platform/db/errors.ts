/**
 * Whether `error` is the database refusing a row a unique index already holds: SQLite names the
 * index's columns (`table.column`) in its message, PostgreSQL reports SQLSTATE 23505 with the index's name.
 */
export function isUniqueViolation(error: unknown, index: { sqlite: string; postgres: string }): boolean {
  if (!(error instanceof Error)) return false;
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return error.message.includes(index.sqlite);
  return code === '23505' && constraint === index.postgres;
}
