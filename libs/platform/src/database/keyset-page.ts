import { createHash } from 'node:crypto';
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

/** The idShape of a list keyed by a uuid, as Postgres writes one (lowercase hex). */
export const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `<scope>.<microseconds>.<id>`, base64url-encoded. */
const CURSOR = /^([0-9a-f]{12})\.(\d{1,20})\.(.{1,64})$/;

/**
 * What a cursor is good for: one list, asked by the same caller with the same filters. It is
 * carried in the cursor, so that a cursor of another list, or of the same list filtered otherwise,
 * is refused rather than read as a position there, which would answer a page of the wrong rows.
 * Not a secret: a cursor only says where a page ends, which its caller may see anyway.
 */
export function listScope(list: string, filter: object = {}): string {
  const members = Object.entries(filter)
    .filter(([, value]) => value !== undefined && value !== null)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const text = JSON.stringify([list, members], (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** The refusal of a cursor this API did not return, as thrown and as documented. */
export const INVALID_CURSOR_PROBLEM = {
  code: 'invalid-cursor',
  title: 'Invalid cursor',
  detail:
    'The cursor is not one this list returned for this caller and these filters; start again without one.',
} as const;

export class InvalidCursorException extends DomainException {
  constructor() {
    const { code, title, detail } = INVALID_CURSOR_PROBLEM;
    super(code, 400, title, detail);
  }
}

/** The cursor of the row at (micros, id) of a list of `scope`. */
export function encodeCursor(scope: string, micros: string, id: string): string {
  return Buffer.from(`${scope}.${micros}.${id}`, 'utf8').toString('base64url');
}

/**
 * The position a cursor names, refused (InvalidCursorException) unless this API made it for a
 * list of `scope` (listScope) and its id has `idShape`, which keeps a tampered cursor from
 * reaching Postgres as an id of the wrong type.
 */
export function decodeCursor(
  cursor: string,
  scope: string,
  idShape: RegExp,
): { micros: string; id: string } {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || match[1] !== scope || !idShape.test(match[3])) throw new InvalidCursorException();
  return { micros: match[2], id: match[3] };
}

/**
 * The SQL condition selecting rows after the cursor in (created_at, id) order, and its
 * parameters, numbered from `firstParam`. Without a cursor, every row.
 */
export function afterCursor(
  cursor: string | undefined,
  firstParam: number,
  table: { alias: string; idShape: RegExp },
  scope: string,
): { sql: string; params: string[] } {
  if (cursor === undefined) return { sql: 'TRUE', params: [] };
  const { micros, id } = decodeCursor(cursor, scope, table.idShape);
  const alias = table.alias;
  const [microsParam, idParam] = [`$${firstParam}`, `$${firstParam + 1}`];
  return {
    sql: `(${alias}.created_at, ${alias}.id) > (timestamptz 'epoch' + ${microsParam}::bigint * interval '1 microsecond', ${idParam})`,
    params: [micros, id],
  };
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only says there is a next page, whose
 * cursor is good for `scope` only.
 */
export function toPage<R extends PositionedRow, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  scope: string,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor(scope, last.position_micros, last.id) : null;
  return { items: items.map(map), nextCursor };
}
