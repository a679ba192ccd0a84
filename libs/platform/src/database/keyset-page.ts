import { DomainException } from '../errors/domain.exception';

/** One page of a list in creation order, and the cursor of the next (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  /** A nextCursor this API returned; absent for the first page. */
  cursor?: string;
  limit: number;
}

/**
 * Rows carry their position as microseconds since the epoch: a JS Date would cut Postgres'
 * microseconds to milliseconds and make the next page skip or repeat rows.
 */
export const POSITION_MICROS = (column: string) =>
  `(extract(epoch from ${column}) * 1000000)::bigint::text AS position_micros`;

export interface PositionedRow {
  position_micros: string;
  id: string;
}

const CURSOR = /^(\d{1,20})\.(.{1,64})$/;

/** The refusal of a cursor this API did not return, as thrown and as documented. */
export const INVALID_CURSOR_PROBLEM = {
  code: 'invalid-cursor',
  title: 'Invalid cursor',
  detail: 'The cursor is not one this API returned; start again without one.',
} as const;

export class InvalidCursorException extends DomainException {
  constructor() {
    const { code, title, detail } = INVALID_CURSOR_PROBLEM;
    super(code, 400, title, detail);
  }
}

/**
 * The SQL condition selecting rows after the cursor in (created_at, id) order, and its
 * parameters, numbered from `firstParam`. Without a cursor, every row. `idShape` keeps a
 * tampered cursor from reaching Postgres as an id of the wrong type.
 */
export function afterCursor(
  cursor: string | undefined,
  firstParam: number,
  table: { alias: string; idShape: RegExp },
): { sql: string; params: string[] } {
  if (cursor === undefined) return { sql: 'TRUE', params: [] };
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || !table.idShape.test(match[2])) throw new InvalidCursorException();
  const alias = table.alias;
  const [micros, id] = [`$${firstParam}`, `$${firstParam + 1}`];
  return {
    sql: `(${alias}.created_at, ${alias}.id) > (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${id})`,
    params: [match[1], match[2]],
  };
}

/** Turns `limit + 1` fetched rows into a page: the extra row only says there is a next page. */
export function toPage<R extends PositionedRow, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(`${last.position_micros}.${last.id}`, 'utf8').toString('base64url')
      : null;
  return { items: items.map(map), nextCursor };
}
