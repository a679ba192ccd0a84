import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from './paths';

export interface KafkaHandle {
  brokers: string;
  /** Set when this process started the broker; stops it. */
  stop?: () => void;
}

const script = resolve(repoRoot, 'scripts/kafka.sh');

/** KAFKA_BROKERS if given; else the project's pinned broker, started (or reused) by scripts/kafka.sh. */
export function ensureKafka(log: (line: string) => void): KafkaHandle {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS };
  const port = process.env.KAFKA_PORT ?? '9092';
  const wasRunning =
    spawnSync('bash', [script, 'status'], { cwd: repoRoot, stdio: 'ignore' }).status === 0;
  if (!wasRunning) log('kafka: starting the pinned broker (first run resolves it through Maven)');
  const started = spawnSync('bash', [script, 'start'], { cwd: repoRoot, stdio: 'inherit' });
  if (started.status !== 0)
    throw new Error('kafka: the broker did not start (see .data/kafka/broker.log)');
  const stop = wasRunning
    ? undefined
    : () => void spawnSync('bash', [script, 'stop'], { cwd: repoRoot, stdio: 'inherit' });
  return { brokers: `127.0.0.1:${port}`, stop };
}
