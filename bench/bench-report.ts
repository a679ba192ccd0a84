import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MachineInfo } from './machine';
import type { SweepResult } from './sweep.bench';
import type { Summary } from './stats';
import { summarize } from './stats';
import type { CryptoResult } from './crypto.bench';
import type { VerifyResult } from './verify.bench';
import { rateOf, type E2eResult, type E2eStep } from './issue-e2e.bench';
import type { ScaleResult } from './scale.bench';

const root = resolve(__dirname, __dirname.includes('/dist/') ? '../..' : '..');
const RESULTS = resolve(root, 'bench/RESULTS.md');

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const span = (s: Summary) => `${n(s.median)} (${n(s.min)}–${n(s.max)})`;
const ratio = (a: number, b: number) => (a / b).toFixed(2);
// NaN (null once through JSON) when there was nothing to measure.
const ms = (value: number | null) =>
  value === null || Number.isNaN(value) ? '–' : value < 10 ? value.toFixed(1) : n(value);
const met = (ok: boolean) => (ok ? 'met' : '**missed**');
const SHARED = '2 cores shared by PostgreSQL, Kafka, services, load';

/** Targets of issue #7 the rows are judged against. */
export const TARGETS = {
  sustainedPerSecond: 2_500,
  p99AtEightyMs: 50,
  claimableP99Ms: 500,
  statusP99Ms: 5,
  searchMs: 1_000,
  cpuMsPerInvoice: 1.2,
};

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
      `${m.commit} | ${mode} | ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB | Node ${m.node}, PostgreSQL ${m.postgres}, Kafka ${m.kafka} | ${m.note}; load average ${m.loadAverage} at start`,
    );
  }

  append(result: { ledger: Summary; plain: Summary; batched: Summary }, parameters: object): void {
    this.json.append = { result, parameters };
    this.row(
      'append',
      `${span(result.ledger)} | ${span(result.plain)} | ${span(result.batched)} | ${ratio(result.ledger.median, result.plain.median)} | ${ratio(result.ledger.median, result.batched.median)} | ${met(result.ledger.median >= 2 * result.plain.median && result.ledger.median >= 0.7 * result.batched.median)} | ${JSON.stringify(parameters)}`,
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
      `${span(result.relay)} | ${span(result.bare)} | ${ratio(result.relay.median, result.bare.median)} | ${met(result.relay.median >= 0.7 * result.bare.median)} | ${JSON.stringify(parameters)}`,
    );
  }

  verify(result: VerifyResult, parameters: object): void {
    this.json.verify = { result, parameters };
    this.row(
      'verify',
      `${n(result.entries)} | ${n(result.oneCore)} | ${n(result.allCores)} (${result.threads} threads) | ${n(result.bareLoop)} | ${ratio(result.oneCore, result.bareLoop)} | ${ratio(result.allCores, result.bareLoop)} | ${met(result.oneCore >= 0.8 * result.bareLoop && result.allCores >= 1.6 * result.bareLoop)} | ${result.peakRssMiB} MiB`,
    );
  }

  sweep(result: SweepResult): void {
    this.json.sweep = result;
    const row = (pass: string, cost: SweepResult['cpuMicrosPerEntry'], share: number) =>
      `${this.mode}, ${pass} | ${n(result.entries)} | ${cost.verifier} µs + ${cost.postgres} µs | ${n(result.rate)}/s | ${result.passHoursAt10M.toFixed(1)} h | ${(share * 100).toFixed(1)} % of one core`;
    this.row(
      'sweep',
      [
        row('first pass', result.cpuMicrosPerEntry, result.coreShare),
        row('re-pass', result.rePassMicrosPerEntry, result.rePassCoreShare),
      ].join(` |\n| ${this.date.slice(0, 16)} | `),
    );
  }

  e2e(result: E2eResult, parameters: object): void {
    this.json.e2e = { result, parameters };
    const cells = result.steps.map((step) => this.e2eRow(step));
    this.row('e2e', cells.join(` |\n| ${this.date.slice(0, 16)} | `));
    this.row(
      'cpu',
      result.steps.map((step) => this.cpuRow(step)).join(` |\n| ${this.date.slice(0, 16)} | `),
    );
    const services = Object.keys(result.memory.idleMiB);
    this.row(
      'memory',
      services
        .map(
          (s) =>
            `${this.mode} | ${s} | ${result.memory.idleMiB[s]} MiB | ${result.memory.peakMiB[s]} MiB | ${SHARED}`,
        )
        .join(` |\n| ${this.date.slice(0, 16)} | `),
    );
  }

  scale(result: ScaleResult): void {
    this.json.scale = result;
    const look = (label: string) => result.lookups[label];
    const status = ['issuing GET /invoices/:number', 'reimbursement verify'].map(look);
    const official = Object.keys(result.lookups)
      .filter((label) => label.startsWith('audit'))
      .map(look);
    // The issuing look-up's own statement over a bare connection, beside it.
    const raw = result.rawLookup
      ? ` (raw SQL ${ms(result.rawLookup.p50)} / ${ms(result.rawLookup.p99)})`
      : '';
    const failures = Object.values(result.lookups).reduce((sum, l) => sum + l.failures, 0);
    const ok =
      status.every((l) => l.p99 <= TARGETS.statusP99Ms) &&
      official.every((l) => l.max <= TARGETS.searchMs);
    this.row(
      'scale',
      `${this.mode} | ${n(result.invoices)} | ${(result.databaseBytes / 2 ** 30).toFixed(2)} GiB | ${(result.bytesPerMillion / 2 ** 30).toFixed(2)} GiB | ${status.map((l) => `${ms(l.p50)} / ${ms(l.p99)}`).join(`${raw} | `)} | ${Object.entries(
        result.lookups,
      )
        .filter(([label]) => label.startsWith('audit'))
        .map(([label, l]) => `${label.replace('audit ', '')}: ${ms(l.p99)} / ${ms(l.max)}`)
        .join(
          '<br>',
        )} | ${met(ok)} | ${failures} | ${n(result.chainVerified.entries)} entries, ${result.chainVerified.ok ? 'valid' : '**INVALID**'} | ${n(result.seedSeconds)} s / ${n(result.auditStartupSeconds)} s | ${SHARED}`,
    );
  }

  /** CPU ms per accepted invoice, per group of processes, over every run of the step. */
  private cpuRow(step: E2eStep): string {
    const accepted = step.runs.reduce((sum, r) => sum + r.accepted, 0);
    const groups = Object.keys(step.cpuMs[0] ?? {});
    const perInvoice = (group: string) =>
      step.cpuMs.reduce((sum, c) => sum + (c[group] ?? 0), 0) / Math.max(1, accepted);
    const total = groups.reduce((sum, g) => sum + perInvoice(g), 0);
    return `${this.mode} | ${step.label}, ${step.durationMs / 1_000} s | ${n(accepted)} | ${total.toFixed(2)} | ${groups.map((g) => `${g} ${perInvoice(g).toFixed(2)}`).join('<br>')} | ${met(total <= TARGETS.cpuMsPerInvoice)} | ${SHARED}`;
  }

  private e2eRow(step: E2eStep): string {
    const pick = (f: (r: E2eStep['runs'][number]) => number) => summarize(step.runs.map(f)).median;
    const rate = summarize(step.runs.map((r) => r.acceptedPerSecond));
    const p99 = pick((r) => r.latencyMs.p99);
    const claimable = pick((r) => r.claimableMs.p99);
    const never = step.runs.reduce((sum, r) => sum + r.claimableMs.neverClaimable, 0);
    const refused = step.runs.reduce((sum, r) => sum + r.sent - r.accepted, 0);
    const targets = [
      `claimable p99 ≤ ${TARGETS.claimableP99Ms} ms: ${met(claimable <= TARGETS.claimableP99Ms && never === 0 && step.runs.every((r) => r.claimableMs.samples > 0))}`,
    ];
    if (step.label.startsWith('sustained'))
      targets.push(
        `≥ ${n(TARGETS.sustainedPerSecond)}/s for 60 s: ${met(rateOf(step) >= TARGETS.sustainedPerSecond)}`,
      );
    if (step.ratePerSecond)
      targets.push(`p99 ≤ ${TARGETS.p99AtEightyMs} ms: ${met(p99 <= TARGETS.p99AtEightyMs)}`);
    return `${this.mode} | ${step.label}, ${step.durationMs / 1_000} s | ${span(rate)} | ${ms(pick((r) => r.latencyMs.p50))} / ${ms(p99)} / ${ms(pick((r) => r.latencyMs.p999))} | ${ms(pick((r) => r.claimableMs.p50))} / ${ms(claimable)} (${pick((r) => r.claimableMs.samples)} probes, ${never} never) | ${refused} | ${targets.join('; ')} | ${SHARED}`;
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
