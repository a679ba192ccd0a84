import { readFileSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { CliError, ExitCode } from '../cli-error';
import { apiClient, type CliOptions } from '../cli-options';
import { completeInvoice, parseJson } from '../invoice-input';
import { MerchantKey } from '../key-file';
import { note, printJson } from '../output';

interface BatchSummary {
  total: number;
  ok: number;
  replayed: number;
  failed: number;
  seconds: number;
  perSecond: number;
}

/**
 * Issues every line of a JSON Lines file, a few requests at a time, with a progress bar on
 * standard error and a summary on standard output. Lines are signed as they are sent.
 */
export async function issueBatch(
  options: CliOptions,
  file: string,
  concurrency: number,
): Promise<void> {
  const key = MerchantKey.load(options.keyFile);
  const client = apiClient(options);
  const lines = readLines(file);
  const bar = new SingleBar(
    {
      stream: process.stderr,
      noTTYOutput: false,
      format: 'issuing [{bar}] {value}/{total} {eta}s',
    },
    Presets.shades_classic,
  );
  const summary = { ok: 0, replayed: 0, failed: 0 };
  const failures: string[] = [];
  const started = Date.now();
  bar.start(lines.length, 0);
  let next = 0;
  const worker = async () => {
    while (next < lines.length) {
      const index = next++;
      const where = `${file}:${lines[index].line}`;
      try {
        const invoice = completeInvoice(parseJson(lines[index].text, where), key.keyId, where);
        const { status } = await client.json('POST', '/invoices', {
          invoice,
          signature: key.sign(invoice),
        });
        if (status === 200) summary.replayed += 1;
        else summary.ok += 1;
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        summary.failed += 1;
        failures.push(`${where}: ${error.message}`);
      }
      bar.increment();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, lines.length) }, worker));
  bar.stop();
  failures.forEach(note);
  const seconds = (Date.now() - started) / 1000;
  const done = summary.ok + summary.replayed;
  const result: BatchSummary = {
    total: lines.length,
    ...summary,
    seconds: Number(seconds.toFixed(3)),
    perSecond: Number((done / Math.max(seconds, 0.001)).toFixed(1)),
  };
  printJson(result);
  if (summary.failed > 0)
    throw new CliError(ExitCode.Refused, `${summary.failed} of ${lines.length} failed`);
}

function readLines(file: string): Array<{ line: number; text: string }> {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw CliError.badInput(`cannot read ${file}: ${(error as Error).message}`);
  }
  const lines = text
    .split('\n')
    .map((line, i) => ({ line: i + 1, text: line.trim() }))
    .filter(({ text: line }) => line !== '');
  if (lines.length === 0) throw CliError.badInput(`${file} has no invoices`);
  return lines;
}
