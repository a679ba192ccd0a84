import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { LedgerSettings, type KeyDirectory } from '@taxchain/ledger';
import { PollingLoop } from '@taxchain/platform';
import { BreakAlarm } from './break-alarm.service';
import { ChainAudit, type ChainReport } from './chain-audit.service';
import { ResumePoints, type ResumePoint } from './resume-points';
import { TrailSweep } from './trail-sweep';

/** How often the tail verifies what was appended since the last matched checkpoint. */
export const TAIL_INTERVAL_MS = 2_000;

/**
 * The continuous tail: every few seconds, each chain is verified from its last matched
 * checkpoint to the head, so a break in new entries is flagged within seconds without
 * re-reading history (the on-demand run does that). The first pass starts from genesis.
 */
@Injectable()
export class ContinuousVerification implements OnApplicationBootstrap, OnApplicationShutdown {
  /** Rounds never overlap: a slow pass is not doubled by the next. */
  private readonly loop = new PollingLoop(
    {
      pauseMs: TAIL_INTERVAL_MS,
      failure: 'verification pass failed',
      logger: new Logger(ContinuousVerification.name),
    },
    async () => {
      await this.verifyAll();
    },
  );
  private readonly resume = new Map<number, ResumePoint>();
  private keys?: KeyDirectory;

  private readonly verifiedCheckpoints = new Map<number, LastVerified>();

  constructor(
    private readonly audit: ChainAudit,
    private readonly alarm: BreakAlarm,
    private readonly points: ResumePoints,
    private readonly sweep: TrailSweep,
    private readonly settings: LedgerSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** A first pass over a long ledger takes minutes: shutdown aborts it rather than wait. */
  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass over every chain; public so tests need not wait for the timer. */
  async verifyAll(): Promise<ChainReport[]> {
    const reports: ChainReport[] = [];
    for (let chain = 0; chain < this.settings.chains && !this.loop.signal.aborted; chain += 1)
      reports.push(await this.verifyChain(chain));
    return reports;
  }

  private async verifyChain(chain: number): Promise<ChainReport> {
    let report = await this.run(chain, false);
    // A key registered on another chain since the directory was loaded: reload once and retry.
    if (report.break?.reason === 'unknown-key') report = await this.run(chain, true);
    if (report.break) {
      await this.alarm.raise(report.break, 'verifier', report);
      return report;
    }
    const swept = await this.sweep.step(chain);
    if (swept) {
      await this.alarm.raise(swept.found, 'verifier', { rewritten: swept.rewritten });
      return { ...report, ok: false, break: swept.found, rewritten: swept.rewritten };
    }
    this.alarm.intact(chain, 'tail');
    this.noteVerified(chain, report);
    const point = report.lastGoodCheckpoint && (await this.points.of(report.lastGoodCheckpoint));
    if (point) this.resume.set(chain, point);
    return report;
  }

  /** Per chain: the newest checkpoint the tail has reproduced, and when it last re-checked. */
  lastVerified(): LastVerified[] {
    return [...this.verifiedCheckpoints.values()].sort((a, b) => a.chain - b.chain);
  }

  private noteVerified(chain: number, report: ChainReport): void {
    const checkpoint = report.lastGoodCheckpoint;
    const previous = this.verifiedCheckpoints.get(chain);
    const verifiedAt = new Date().toISOString();
    if (checkpoint)
      this.verifiedCheckpoints.set(chain, {
        chain,
        size: checkpoint.size,
        sealedAt: checkpoint.issuedAt,
        verifiedAt,
      });
    else if (previous) this.verifiedCheckpoints.set(chain, { ...previous, verifiedAt });
  }

  private async run(chain: number, reloadKeys: boolean): Promise<ChainReport> {
    if (reloadKeys || !this.keys) this.keys = await this.audit.keys();
    return this.audit.verify(chain, this.keys, {
      resumeFrom: this.resume.get(chain),
      signal: this.loop.signal,
    });
  }
}

/** The newest checkpoint of a chain that its entries were seen to reproduce. */
export interface LastVerified {
  chain: number;
  size: number;
  /** When the authority signed it. */
  sealedAt: string;
  /** When the tail last found the chain intact up to it (or beyond). */
  verifiedAt: string;
}
