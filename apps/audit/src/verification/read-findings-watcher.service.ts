import { Injectable } from '@nestjs/common';
import { READ_FINDING_CHANNEL, ReadFindings } from '@taxchain/ledger';
import { InjectConfig, NotifiedLoopService, type AppConfig } from '@taxchain/platform';
import { BreakAlarm } from './break-alarm.service';

/**
 * The shortest pause between two reads of ledger.read_findings. Each finding recorded sends a
 * NOTIFY that wakes the watcher, so a refused read is an anomaly within about a second.
 */
export const READ_FINDINGS_POLL_MS = 1_000;

/**
 * Raises a chain_break for every entry a service (any of them) refused to serve, as recorded in
 * ledger.read_findings. Raising is idempotent (one anomaly per chain, seq and reason), so every
 * open finding is raised each round and a restart loses none. Idle, it sleeps until a finding's
 * NOTIFY (30 s at most).
 */
@Injectable()
export class ReadFindingsWatcher extends NotifiedLoopService {
  constructor(
    private readonly findings: ReadFindings,
    private readonly alarm: BreakAlarm,
    @InjectConfig() config: AppConfig,
  ) {
    super(config, {
      pauseMs: READ_FINDINGS_POLL_MS,
      channel: READ_FINDING_CHANNEL,
      failure: 'read findings not checked',
    });
  }

  protected async round(): Promise<void> {
    for (const { foundAt: _foundAt, ...found } of await this.findings.open())
      await this.alarm.raise(found, 'read');
  }
}
