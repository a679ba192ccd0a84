import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ReadFindings } from '@taxchain/ledger';
import { PollingLoop } from '@taxchain/platform';
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
  private readonly loop = new PollingLoop(
    {
      pauseMs: READ_FINDINGS_POLL_MS,
      failure: 'read findings not checked',
      logger: new Logger(ReadFindingsWatcher.name),
    },
    () => this.raiseAll(),
  );

  constructor(
    private readonly findings: ReadFindings,
    private readonly alarm: BreakAlarm,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  private async raiseAll(): Promise<void> {
    for (const { foundAt: _foundAt, ...found } of await this.findings.open())
      await this.alarm.raise(found, 'read');
  }
}
