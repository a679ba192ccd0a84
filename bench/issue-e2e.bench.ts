import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { toHex } from '@taxchain/ledger';
import { PlatformCluster } from '../scripts/infra/platform-cluster';
import { repoRoot } from '../scripts/infra/paths';
import { createLoadParties, type LoadParties } from '../scripts/load/load-parties';
import type { IssueLoadPlan, IssueLoadResult } from '../scripts/load/issue-load-plan';
import { cpuBetween, platformProcesses, readCpu } from './process-cpu';
import { MemorySampler, type MemoryResult } from './process-memory';
import { summarize } from './stats';

export interface E2ePlan {
  concurrencies: number[];
  /** Length of each rising-concurrency step, ms. */
  stepMs: number;
  /** Length of the sustained step at the best concurrency, ms (none when 0). */
  sustainedMs: number;
  /** Length of the step paced at 80 % of the best rate, ms. */
  eightyMs: number;
  repetitions: number;
  /** Where each service writes a .cpuprofile on shutdown (a separate, unrecorded run). */
  profileDir?: string;
}

/** One step (a concurrency, or a paced rate) repeated. */
export interface E2eStep {
  label: string;
  concurrency: number;
  ratePerSecond?: number;
  durationMs: number;
  runs: IssueLoadResult[];
  /** CPU ms each group of processes used during each run (see platformProcesses). */
  cpuMs: Array<Record<string, number>>;
}

export interface E2eResult {
  steps: E2eStep[];
  memory: MemoryResult;
}

/**
 * Pre-signed invoices per second of planned duration: four times the best rate so far (a step
 * of rising concurrency may well be faster than the last), at least 500/s and at most 4,000/s.
 * A run that uses them all up says so (exhausted) and its rate is then a lower bound.
 */
const presignRate = (best: number) => Math.min(4_000, Math.max(500, 4 * best));
const LOAD_MAIN = resolve(repoRoot, 'dist/scripts/load/issue-load.main.js');
const PRELOAD = resolve(repoRoot, 'dist/bench/cpu-profile.preload.js');

/**
 * Issue, end to end: the platform as separate processes, a load generator process per run that
 * posts pre-signed invoices at rising concurrency and probes when they become claimable; then
 * the best concurrency sustained, and a run paced at 80 % of the best rate. Samples every
 * service's RSS throughout.
 */
export async function issueE2e(
  adminUrl: string,
  plan: E2ePlan,
  progress: (step: string) => void,
): Promise<E2eResult> {
  const cluster = await PlatformCluster.start({
    adminUrl,
    kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    env: {
      LOG_LEVEL: 'warn',
      // The load is many requests per merchant credential, far beyond a per-client limit.
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      ...(plan.profileDir
        ? { NODE_OPTIONS: `--require ${PRELOAD}`, BENCH_CPU_PROFILE_DIR: plan.profileDir }
        : {}),
    },
  });
  const work = mkdtempSync(resolve(tmpdir(), 'taxchain-e2e-'));
  try {
    const parties = await createLoadParties(cluster.databaseUrl, cluster.urls('issuing')[0], {
      merchants: 8,
      buyers: 16,
    });
    const services = Object.fromEntries(cluster.instances.map((i) => [i.name, i.process.pid ?? 0]));
    const sampler = new MemorySampler(services);
    sampler.start();
    let run = 0;
    const steps: E2eStep[] = [];
    const step = async (
      label: string,
      concurrency: number,
      durationMs: number,
      ratePerSecond?: number,
    ): Promise<E2eStep> => {
      const runs: IssueLoadResult[] = [];
      const cpu: Array<Record<string, number>> = [];
      for (let r = 0; r < plan.repetitions; r += 1) {
        progress(`${label} #${r + 1}`);
        const rate = ratePerSecond ?? presignRate(Math.max(0, ...steps.map(rateOf)));
        const loadPlan = planFor(cluster, parties, concurrency, durationMs, rate, ratePerSecond);
        const before = await platformProcesses(services, cluster.databaseUrl);
        const startCpu = readCpu(before);
        runs.push(await runLoadProcess(work, (run += 1), loadPlan));
        // Backends opened during the run count from their start.
        const after = await platformProcesses(services, cluster.databaseUrl);
        const groups = Object.fromEntries(
          Object.entries(after).map(([name, pids]) => [
            name,
            [...new Set([...(before[name] ?? []), ...pids])],
          ]),
        );
        cpu.push(cpuBetween(startCpu, readCpu(groups), groups));
      }
      return { label, concurrency, ratePerSecond, durationMs, runs, cpuMs: cpu };
    };
    for (const concurrency of plan.concurrencies)
      steps.push(await step(`c=${concurrency}`, concurrency, plan.stepMs));
    const best = steps.reduce((a, b) => (rateOf(b) > rateOf(a) ? b : a));
    if (plan.sustainedMs)
      steps.push(await step(`sustained c=${best.concurrency}`, best.concurrency, plan.sustainedMs));
    const eighty = Math.round(0.8 * rateOf(best));
    const widest = Math.max(...plan.concurrencies);
    steps.push(await step(`80 % = ${eighty}/s`, widest, plan.eightyMs, eighty));
    return { steps, memory: sampler.stop() };
  } finally {
    rmSync(work, { recursive: true, force: true });
    await cluster.close();
  }
}

/** Median accepted invoices/s of a step's repetitions. */
export const rateOf = (step: E2eStep): number =>
  summarize(step.runs.map((r) => r.acceptedPerSecond)).median;

/** The load generator's plan for one step (shared with bench/invoice-cpu.ts). */
export function planFor(
  cluster: PlatformCluster,
  parties: LoadParties,
  concurrency: number,
  durationMs: number,
  presignPerSecond: number,
  ratePerSecond?: number,
): IssueLoadPlan {
  return {
    issuingUrls: cluster.urls('issuing'),
    reimbursementUrl: cluster.urls('reimbursement')[0],
    merchants: parties.merchants.map(({ signer, token }) => ({
      ...signer.seller,
      secret: toHex(signer.secret),
      token,
    })),
    buyers: parties.buyers,
    concurrency,
    durationMs,
    invoices: Math.ceil((presignPerSecond * durationMs) / 1_000),
    ratePerSecond,
    // 20 probes a second, each polled every 20 ms: a light load beside the issuing one.
    probesPerSecond: 20,
    probeIntervalMs: 20,
  };
}

/** Runs one step in a load generator process of its own and returns what it measured. */
export async function runLoadProcess(
  work: string,
  run: number,
  plan: IssueLoadPlan,
): Promise<IssueLoadResult> {
  const planFile = resolve(work, `plan-${run}.json`);
  const resultFile = resolve(work, `result-${run}.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  await promisify(execFile)(process.execPath, [LOAD_MAIN, planFile, resultFile], {
    maxBuffer: 16 * 2 ** 20,
  });
  return JSON.parse(readFileSync(resultFile, 'utf8')) as IssueLoadResult;
}
