import { readFileSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import pLimit from 'p-limit';
import { CliError, ExitCode } from '../cli-error';
import { apiClient, type CliOptions } from '../cli-options';
import { completeInvoice, parseJson } from '../invoice-input';
import { MerchantKey } from '../key-file';
import { note, printJson } from '../output';

/** The server's largest batch (`POST /invoices/batch`). */
const BATCH_SIZE = 500;

/** Sends of one invoice the server answered 503 (nothing written) before it counts as failed. */
const SEND_ATTEMPTS = 5;

interface BatchSummary {
  total: number;
  ok: number;
  replayed: number;
  failed: number;
  seconds: number;
  perSecond: number;
}

interface ItemResult {
  index: number;
  status: number;
  problem?: { title?: string; type?: string; detail?: string };
}

interface Line {
  line: number;
  text: string;
}

/**
 * Issues every line of a JSON Lines file through `POST /invoices/batch`, up to 500 invoices a
 * request and a few requests at a time, with a progress bar on standard error and a summary on
 * standard output. A line refused (locally or by the server) is reported with its line number;
 * the others are issued. Running the same file again replays: nothing is issued twice.
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
  const fail = (line: Line, reason: string) => {
    summary.failed += 1;
    failures.push(`${file}:${line.line}: ${reason}`);
  };
  const started = Date.now();
  bar.start(lines.length, 0);
  const sendChunk = async (chunk: Line[]) => {
    const signed: Array<{ line: Line; body: object }> = [];
    for (const line of chunk) {
      try {
        const invoice = completeInvoice(
          parseJson(line.text, `${file}:${line.line}`),
          key.keyId,
          `${file}:${line.line}`,
        );
        signed.push({ line, body: { invoice, signature: key.sign(invoice) } });
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        fail(line, error.message);
      }
    }
    // Items the server did not write (503: out of time, or a dependency down) go again, a few
    // times with a growing pause; anything issued meanwhile comes back as a replay.
    let pending = signed;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const { body } = await client.json<{ results: ItemResult[] }>('POST', '/invoices/batch', {
        invoices: pending.map(({ body: item }) => item),
      });
      const again: typeof pending = [];
      for (const result of body.results) {
        const item = pending[result.index];
        if (result.status === 201) summary.ok += 1;
        else if (result.status === 200) summary.replayed += 1;
        else if (result.status === 503 && attempt < SEND_ATTEMPTS) again.push(item);
        else fail(item.line, problemText(result));
      }
      pending = again;
      if (pending.length > 0) await new Promise((done) => setTimeout(done, attempt * 1_000));
    }
    bar.increment(chunk.length);
  };
  const limit = pLimit(concurrency);
  await Promise.all(chunksOf(lines, BATCH_SIZE).map((chunk) => limit(() => sendChunk(chunk))));
  bar.stop();
  failures.sort(byLine).forEach(note);
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

function problemText({ status, problem }: ItemResult): string {
  const type = problem?.type ? ` (${problem.type})` : '';
  return `${status} ${problem?.title ?? ''}${type}: ${problem?.detail ?? ''}`.trim();
}

function chunksOf<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

/** `file:12: …` before `file:100: …`. */
function byLine(a: string, b: string): number {
  const line = (text: string) => Number(/:(\d+): /.exec(text)?.[1] ?? 0);
  return line(a) - line(b);
}

function readLines(file: string): Line[] {
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
