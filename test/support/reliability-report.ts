import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const REPORT = resolve(__dirname, '../RELIABILITY.md');

/**
 * Replaces one section of test/RELIABILITY.md (between `<!-- name:start -->` and
 * `<!-- name:end -->`) with this run's figures. Only full fault runs record.
 */
export function recordReliability(name: string, markdown: string): void {
  if (process.env.TAXCHAIN_RECORD_RELIABILITY !== '1' || !existsSync(REPORT)) return;
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const text = readFileSync(REPORT, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`test/RELIABILITY.md has no ${name} section`);
  const stamped = `${markdown.trim()}\n\n_Recorded ${new Date().toISOString()}._`;
  writeFileSync(REPORT, `${text.slice(0, from + start.length)}\n${stamped}\n${text.slice(to)}`);
}
