import { once } from 'node:events';
import type { Response } from 'express';

/** A CSV download read a page at a time, whatever its size. */
export interface StreamedCsv<T> {
  filename: string;
  columns: readonly string[];
  pages: AsyncIterable<T[]>;
  /** One row's fields, in the order of `columns`. */
  fields: (row: T) => string[];
}

/** The header line of an RFC 4180 file with these columns. */
export function csvHeader(columns: readonly string[]): string {
  return csvLine(columns);
}

/** RFC 4180 lines; a field a spreadsheet would run as a formula is defused with a quote. */
export function csvLines<T>(rows: T[], fields: (row: T) => string[]): string {
  return rows.map((row) => csvLine(fields(row))).join('');
}

/**
 * Streams the file with backpressure: the next page is read only once the socket has taken
 * this one. A page that fails after the status and header line went out can no longer become
 * a problem+json answer, and ending the body would pass a truncated file off as whole: the
 * connection is destroyed instead, so the client sees the download fail rather than wait.
 * The error is rethrown for the exception filter to log.
 */
export async function streamCsv<T>(response: Response, csv: StreamedCsv<T>): Promise<void> {
  response.status(200).type('text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${csv.filename}"`);
  response.write(csvHeader(csv.columns));
  try {
    for await (const rows of csv.pages) {
      if (response.destroyed) return; // the client left: stop reading the database
      if (!response.write(csvLines(rows, csv.fields))) await drainedOrClosed(response);
    }
    response.end();
  } catch (error) {
    response.destroy();
    throw error;
  }
}

/** Whichever comes first; the other listener is removed, so a long export does not pile them up. */
async function drainedOrClosed(response: Response): Promise<void> {
  const done = new AbortController();
  const { signal } = done;
  try {
    await Promise.race([once(response, 'drain', { signal }), once(response, 'close', { signal })]);
  } finally {
    done.abort();
  }
}

function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** A negative amount (a credit note's) is a number to a spreadsheet, never a formula: kept as is. */
const NUMBER = /^-?\d+(\.\d+)?$/;

function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
