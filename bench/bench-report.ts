import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MachineInfo } from './machine';
import type { Summary } from './stats';
import { summarize } from './stats';
import type { CryptoResult } from './crypto.bench';
import type { VerifyResult } from './verify.bench';

const root = resolve(__dirname, __dirname.includes('/dist/') ? '../..' : '..');
const RESULTS = resolve(root, 'bench/RESULTS.md');

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const span = (s: Summary) => `${n(s.median)} (${n(s.min)}–${n(s.max)})`;
const ratio = (a: number, b: number) => (a / b).toFixed(2);

/** Collects one run's results, then appends a row per benchmark to RESULTS.md and writes the JSON. */
export class BenchReport {
  private readonly date = new Date().toISOString();
  private readonly json: Record<string, unknown> = {};
  private readonly rows = new Map<string, string>();

  constructor(
    private readonly mode: 'quick' | 'full',
    private readonly machine: MachineInfo,
  ) {
    const m = machine;
    this.row(
      'runs',
      `${m.commit} | ${mode} | ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB | Node ${m.node}, PostgreSQL ${m.postgres}, Kafka ${m.kafka} | ${m.note}`,
    );
  }

  append(result: { ledger: Summary; plain: Summary; batched: Summary }, parameters: object): void {
    this.json.append = { result, parameters };
    this.row(
      'append',
      `${span(result.ledger)} | ${span(result.plain)} | ${span(result.batched)} | ${ratio(result.ledger.median, result.plain.median)} | ${ratio(result.ledger.median, result.batched.median)} | ${JSON.stringify(parameters)}`,
    );
  }

  crypto(runs: CryptoResult[], parameters: object): void {
    const pick = (f: (r: CryptoResult) => number) => summarize(runs.map(f));
    const sign = {
      noble: pick((r) => r.signPerSecond.noble),
      native: pick((r) => r.signPerSecond.native),
    };
    const verify = {
      noble: pick((r) => r.verifyPerSecond.noble),
      native: pick((r) => r.verifyPerSecond.native),
    };
    this.json.crypto = { sign, verify, parameters };
    this.row(
      'crypto',
      `${span(sign.noble)} | ${span(sign.native)} | ${ratio(sign.native.median, sign.noble.median)} | ${span(verify.noble)} | ${span(verify.native)} | ${ratio(verify.native.median, verify.noble.median)}`,
    );
  }

  relay(result: { relay: Summary; bare: Summary }, parameters: object): void {
    this.json.relay = { result, parameters };
    this.row(
      'relay',
      `${span(result.relay)} | ${span(result.bare)} | ${ratio(result.relay.median, result.bare.median)} | ${JSON.stringify(parameters)}`,
    );
  }

  verify(result: VerifyResult, parameters: object): void {
    this.json.verify = { result, parameters };
    this.row(
      'verify',
      `${n(result.entries)} | ${n(result.oneCore)} | ${n(result.allCores)} (${result.threads} threads) | ${n(result.bareLoop)} | ${ratio(result.oneCore, result.bareLoop)} | ${ratio(result.allCores, result.bareLoop)} | ${result.peakRssMiB} MiB`,
    );
  }

  write(): void {
    const dir = resolve(root, 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      resolve(dir, `${this.date.replace(/[:.]/g, '-')}.json`),
      `${JSON.stringify({ date: this.date, mode: this.mode, machine: this.machine, ...this.json }, null, 2)}\n`,
    );
    let text = readFileSync(RESULTS, 'utf8');
    for (const [table, row] of this.rows) {
      const marker = `<!-- ${table}:rows -->`;
      if (!text.includes(marker)) throw new Error(`bench/RESULTS.md has no ${marker}`);
      text = text.replace(marker, `| ${this.date.slice(0, 16)} | ${row} |\n${marker}`);
    }
    writeFileSync(RESULTS, text);
    process.stdout.write(`\nresults appended to bench/RESULTS.md (${this.mode} run)\n`);
  }

  private row(table: string, cells: string): void {
    this.rows.set(table, cells);
  }
}
