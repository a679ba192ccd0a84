import { setTimeout as sleep } from 'node:timers/promises';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ReadFindings } from '@taxchain/ledger';
import { BreakAlarm } from './break-alarm.service';

/** How often ledger.read_findings is read: a refused read is an anomaly within about a second. */
export const READ_FINDINGS_POLL_MS = 1_000;

/**
 * Raises a chain_break for every entry a service (any of them) refused to serve, as recorded in
 * ledger.read_findings. Raising is idempotent (one anomaly per chain, seq and reason), so every
 * open finding is raised each round and a restart loses none.
 */
@Injectable()
export class ReadFindingsWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReadFindingsWatcher.name);
  private readonly abort = new AbortController();
  private loop?: Promise<void>;

  constructor(
    private readonly findings: ReadFindings,
    private readonly alarm: BreakAlarm,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        for (const { foundAt: _foundAt, ...found } of await this.findings.open())
          await this.alarm.raise(found, 'read');
      } catch (error) {
        if (!signal.aborted) this.logger.error(`read findings not checked: ${String(error)}`);
      }
      await sleep(READ_FINDINGS_POLL_MS, undefined, { signal }).catch(() => undefined);
    }
  }
}
