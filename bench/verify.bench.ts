import { createHash, createPublicKey, verify as nativeVerify, type KeyObject } from 'node:crypto';
import { cpus } from 'node:os';
import {
  canonicalJson,
  ChainVerifier,
  KeyDirectory,
  nativeEd25519,
  ParallelVerifier,
} from '@taxchain/ledger';
import type { LedgerHarness } from '@taxchain/ledger/testing/ledger-harness';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { measured, type Throughput } from './cpu-per-entry';

export interface VerifyResult {
  entries: number;
  oneCore: number;
  allCores: number;
  threads: number;
  bareLoop: number;
  peakRssMiB: number;
}

interface Rate {
  rate: number;
  entries: number;
}

const DER_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The baseline: native ed25519 verify plus SHA-256 over the same entries, held in memory (read
 * and prepared before the clock and the CPU count start).
 */
export async function bareLoop(ledger: LedgerHarness): Promise<Throughput> {
  const rows = await ledger.dataSource.query<
    Array<{ payload: string; actor_signature: Buffer; entry_hash: Buffer }>
  >('SELECT payload, actor_signature, entry_hash FROM ledger.entries');
  const first = JSON.parse(rows.find((r) => r.payload.includes('taxchain.key.v1'))!.payload) as {
    document: { publicKey: string };
  };
  const key: KeyObject = createPublicKey({
    key: Buffer.concat([DER_PREFIX, Buffer.from(first.document.publicKey, 'hex')]),
    format: 'der',
    type: 'spki',
  });
  const items = rows.map((r) => ({
    payload: Buffer.from(r.payload),
    signed: Buffer.from(
      utf8ToBytes(canonicalJson((JSON.parse(r.payload) as { document: unknown }).document)),
    ),
    signature: r.actor_signature,
  }));
  let valid = 0;
  const throughput = await measured(ledger.dataSource, items.length, async () => {
    for (const item of items) {
      createHash('sha256').update(item.payload).digest();
      if (nativeVerify(null, item.signed, key, item.signature)) valid += 1;
    }
  });
  if (valid !== items.length)
    throw new Error(`bare loop: ${items.length - valid} signatures did not verify`);
  return throughput;
}

/** Every chain, one after another, on this thread. */
export async function verifyOneCore(
  ledger: LedgerHarness,
  onProgress: (verified: number) => void = () => undefined,
): Promise<Throughput> {
  const verifier = new ChainVerifier(ledger.dataSource, ledger.authority.trusted);
  const [{ entries }] = await ledger.dataSource.query<Array<{ entries: string }>>(
    'SELECT sum(seq + 1) AS entries FROM ledger.heads',
  );
  return measured(ledger.dataSource, Number(entries), async () => {
    const keys = await KeyDirectory.load(ledger.dataSource, nativeEd25519);
    let verified = 0;
    for (let chain = 0; chain < ledger.settings.chains; chain += 1) {
      const result = await verifier.verify(chain, {
        keys,
        onProgress: (p) => onProgress(verified + p.verified),
      });
      if (!result.ok)
        throw new Error(`chain ${chain} does not verify: ${JSON.stringify(result.break)}`);
      verified += result.verified;
    }
    if (verified !== Number(entries)) throw new Error(`verified ${verified} entries of ${entries}`);
  });
}

/** Every chain on worker threads, one per core. */
export async function verifyAllCores(ledger: LedgerHarness): Promise<Rate & { threads: number }> {
  const threads = cpus().length;
  const started = performance.now();
  const results = await new ParallelVerifier(
    ledger.config.DATABASE_URL,
    ledger.authority.trusted,
  ).verify(ledger.settings.chains, { threads });
  if (results.some((r) => !r.ok)) throw new Error('parallel verification found a break');
  const verified = results.reduce((sum, r) => sum + r.verified, 0);
  return { rate: verified / ((performance.now() - started) / 1_000), entries: verified, threads };
}

/**
 * The highest RSS sampled while `work` runs: the verifier's own peak, not the seeding's
 * before it (process.resourceUsage().maxRSS never forgets that).
 */
export async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakMiB: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const value = await work();
    return { value, peakMiB: Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

/** Full verification (every hash, link, signature and checkpoint) on one core and on all. */
export async function verifyBench(
  ledger: LedgerHarness,
  onProgress: (verified: number) => void,
): Promise<VerifyResult> {
  const { value, peakMiB } = await peakRss(async () => ({
    oneCore: await verifyOneCore(ledger, onProgress),
    allCores: await verifyAllCores(ledger),
  }));
  const bare = await bareLoop(ledger);
  return {
    entries: value.allCores.entries,
    oneCore: value.oneCore.perSecond,
    allCores: value.allCores.rate,
    threads: value.allCores.threads,
    bareLoop: bare.perSecond,
    peakRssMiB: peakMiB,
  };
}
