import { parentPort, workerData } from 'node:worker_threads';
import 'reflect-metadata';
// From its module: a worker thread has no use for the rest of the platform (Nest and all).
import { PreparingClient } from '@taxchain/platform/database/preparing-client';
import { DataSource } from 'typeorm';
import { fromHex } from '../crypto';
import { nativeEd25519 } from '../crypto/native-ed25519';
import { KeyDirectory } from '../keys/key-directory';
import { ChainVerifier } from './chain-verifier';
import type { WorkerJob } from './parallel-verifier';

/** One worker thread of ParallelVerifier: verifies the chains it is given, one after another. */
async function run(job: WorkerJob): Promise<void> {
  const dataSource = await new DataSource({
    type: 'postgres',
    url: job.url,
    poolSize: 2,
    // Its page query runs once per page of every chain: parsed and planned once.
    extra: { Client: PreparingClient },
  }).initialize();
  try {
    const trusted = new Map(job.authorityKeys.map(([id, hex]) => [id, fromHex(hex)]));
    const verifier = new ChainVerifier(dataSource, trusted);
    const keys = await KeyDirectory.load(dataSource, nativeEd25519);
    for (const chain of job.chains) {
      const result = await verifier.verify(chain, {
        keys,
        witnessed: job.witnessed,
        onProgress: (progress) => parentPort?.postMessage({ type: 'progress', progress }),
      });
      parentPort?.postMessage({ type: 'result', result });
    }
  } finally {
    await dataSource.destroy();
  }
}

run(workerData as WorkerJob).catch((error: unknown) => {
  parentPort?.postMessage({
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
  });
});
