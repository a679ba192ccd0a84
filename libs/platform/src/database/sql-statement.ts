/** One SQL statement and its parameters, numbered from $1, to be run later or with others. */
export interface SqlStatement {
  text: string;
  values: unknown[];
  /** The name another write of the same statement reads its RETURNING rows by (writesTogether). */
  as?: string;
}

/**
 * Writes that must commit together as one statement: each of `writes` becomes a data-modifying
 * CTE before `last`, whose rows the statement returns. One round trip, and one parse, plan and
 * execution in the database, instead of one of each per write. Every part runs on the same
 * snapshot and none sees the rows another writes, so the parts must not read each other's
 * tables (PostgreSQL runs each CTE to completion even when nothing reads its rows); a later
 * part may read an earlier one's RETURNING rows by the name it was given (`as`).
 */
export function writesTogether(writes: SqlStatement[], last: SqlStatement): SqlStatement {
  const values: unknown[] = [];
  const renumbered = (statement: SqlStatement): string => {
    const offset = values.length;
    values.push(...statement.values);
    return statement.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  };
  const ctes = writes.map((write, i) => `${write.as ?? `w${i}`} AS (${renumbered(write)})`);
  const text = renumbered(last);
  return { text: ctes.length > 0 ? `WITH ${ctes.join(',\n')}\n${text}` : text, values };
}
