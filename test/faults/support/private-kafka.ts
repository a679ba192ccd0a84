import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../../scripts/infra/platform-cluster';
import { repoRoot } from '../../../scripts/infra/paths';
import { runCommand } from './run-command';

/**
 * A Kafka broker of this test's own (scripts/kafka.sh on free ports and a temporary data
 * directory), beside the shared one: a fault test may stop and start it at will.
 */
export class PrivateKafka {
  private constructor(
    readonly brokers: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly dataDir: string,
  ) {}

  static async start(): Promise<PrivateKafka> {
    const dataDir = mkdtempSync(join(tmpdir(), 'taxchain-kafka-'));
    const port = await freePort();
    const env = {
      ...process.env,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
      KAFKA_DATA_DIR: dataDir,
      KAFKA_HEAP_OPTS: '-Xmx384m -Xms128m',
    };
    const kafka = new PrivateKafka(`127.0.0.1:${port}`, env, dataDir);
    await kafka.resume();
    return kafka;
  }

  /** Starts the broker again on the same ports and data; resolves once a consumer group can join. */
  resume(): Promise<void> {
    return this.script('start');
  }

  /** Stops the broker (SIGTERM, as an operator would); its data stays. */
  halt(): Promise<void> {
    return this.script('stop');
  }

  async close(): Promise<void> {
    await this.halt();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private script(command: 'start' | 'stop'): Promise<void> {
    return runCommand('bash', [resolve(repoRoot, 'scripts/kafka.sh'), command], { env: this.env });
  }
}
