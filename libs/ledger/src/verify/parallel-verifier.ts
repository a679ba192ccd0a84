import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import { toHex } from '../crypto';
import type { SignedCheckpoint } from '../checkpoint';
import type { ChainVerification, VerifyProgress } from './chain-verifier';

export interface WorkerJob {
  url: string;
  chains: number[];
  authorityKeys: Array<[string, string]>;
  witnessed: SignedCheckpoint[];
}

type WorkerMessage =
  | { type: 'progress'; progress: VerifyProgress }
  | { type: 'result'; result: ChainVerification }
  | { type: 'error'; message: string };

/**
 * Full verification on several cores: chains are independent, so each worker thread
 * verifies its share of them (every hash and every signature) with its own connection.
 * Runs from compiled code (dist/), where the worker script exists as JavaScript.
 */
export class ParallelVerifier {
  constructor(
    private readonly url: string,
    private readonly authorityKeys: ReadonlyMap<string, Uint8Array>,
  ) {}

  async verify(
    chains: number,
    options: {
      threads: number;
      witnessed?: SignedCheckpoint[];
      onProgress?: (p: VerifyProgress) => void;
    },
  ): Promise<ChainVerification[]> {
    const shares = Array.from({ length: options.threads }, (_, t) =>
      Array.from({ length: chains }, (_, c) => c).filter((c) => c % options.threads === t),
    );
    const keys = [...this.authorityKeys].map(([id, key]) => [id, toHex(key)] as [string, string]);
    const results = await Promise.all(
      shares
        .filter((share) => share.length > 0)
        .map((share) =>
          this.runWorker(
            {
              url: this.url,
              chains: share,
              authorityKeys: keys,
              witnessed: options.witnessed ?? [],
            },
            options.onProgress,
          ),
        ),
    );
    return results.flat().sort((a, b) => a.chain - b.chain);
  }

  private runWorker(
    job: WorkerJob,
    onProgress?: (p: VerifyProgress) => void,
  ): Promise<ChainVerification[]> {
    return new Promise((done, fail) => {
      const results: ChainVerification[] = [];
      const worker = new Worker(resolve(__dirname, 'verify-worker.js'), { workerData: job });
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') onProgress?.(message.progress);
        else if (message.type === 'result') results.push(message.result);
        else fail(new Error(message.message));
      });
      worker.on('error', fail);
      worker.on('exit', () => done(results));
    });
  }
}
