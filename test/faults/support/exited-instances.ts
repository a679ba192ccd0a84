import { readFileSync } from 'node:fs';
import type { PlatformCluster } from '../../../scripts/infra/platform-cluster';

const TAIL_LINES = 30;

/**
 * The cluster's instances that have exited, each with its exit code and the end of its log, so
 * that a test expecting none shows why one died.
 */
export function exitedInstances(
  cluster: PlatformCluster,
): Array<{ instance: string; exitCode: number | null; signal: string | null; logTail: string }> {
  return cluster.instances
    .filter((i) => i.process.exitCode !== null || i.process.signalCode !== null)
    .map((i) => ({
      instance: `${i.name}:${i.port}`,
      exitCode: i.process.exitCode,
      signal: i.process.signalCode,
      logTail: readFileSync(i.logFile, 'utf8').split('\n').slice(-TAIL_LINES).join('\n'),
    }));
}
