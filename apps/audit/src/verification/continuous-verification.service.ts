import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  LedgerReader,
  LedgerSettings,
  type KeyDirectory,
  type SignedCheckpoint,
} from '@taxchain/ledger';
import { PollingLoop } from '@taxchain/platform';
import { BreakAlarm } from './break-alarm.service';
import { ChainAudit, type ChainReport } from './chain-audit.service';
import { HeldSignatures } from './held-signatures';
import { ResumePoints, type ResumePoint } from './resume-points';
import { TrailSweep } from './trail-sweep';

/** How often the tail looks at every chain. */
export const TAIL_INTERVAL_MS = 2_000;

/**
 * The continuous tail: every few seconds, each chain is verified from its last matched
 * checkpoint to the head, so a break in new entries is flagged within seconds without
 * re-reading history (the on-demand run does that). The first pass starts from genesis.
 * A chain whose head is still the checkpoint the tail last reproduced has nothing new to verify:
 * its round only compares the witnessed checkpoints and a trail slice with the table.
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
    private readonly held: HeldSignatures,
    private readonly points: ResumePoints,
    private readonly sweep: TrailSweep,
    private readonly reader: LedgerReader,
    private readonly settings: LedgerSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** A first pass over a long ledger takes minutes: shutdown aborts it rather than wait. */
  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass over every chain. */
  private async verifyAll(): Promise<void> {
    const heads = new Map((await this.reader.heads()).map((head) => [head.chain, head]));
    for (let chain = 0; chain < this.settings.chains && !this.loop.signal.aborted; chain += 1)
      await this.verifyChain(chain, heads.get(chain));
  }

  private async verifyChain(chain: number, head: ChainHead | undefined): Promise<void> {
    let checkpoint: SignedCheckpoint | undefined;
    if (this.sealedAsVerified(chain, head)) {
      const lost = await this.audit.witnessedCheckpoints(chain);
      if (lost)
        return this.alarm.raise(lost.break, 'verifier', {
          rewritten: [],
          checkpointMismatches: lost.checkpointMismatches,
        });
    } else {
      const report = await this.run(chain);
      if (report.break) return this.alarm.raise(report.break, 'verifier', report);
      checkpoint = report.lastGoodCheckpoint;
    }
    const swept = await this.sweep.step(chain);
    if (swept) return this.alarm.raise(swept.found, 'verifier', { rewritten: swept.rewritten });
    this.alarm.intact(chain, 'tail');
    this.noteVerified(chain, checkpoint);
    const point = checkpoint && (await this.points.of(checkpoint));
    if (point) this.resume.set(chain, point);
  }

  /**
   * The chain ends at the checkpoint the tail last reproduced, as it did then, and nothing is
   * known broken: verifying it again would read no entry, so only its neighbours are compared.
   */
  private sealedAsVerified(chain: number, head: ChainHead | undefined): boolean {
    const point = this.resume.get(chain);
    return (
      point !== undefined &&
      head?.size === point.size &&
      head.headHash === point.headHash &&
      !this.alarm.brokenChains().includes(chain)
    );
  }

  /** Per chain: the newest checkpoint the tail has reproduced, and when it last re-checked. */
  lastVerified(): LastVerified[] {
    return [...this.verifiedCheckpoints.values()].sort((a, b) => a.chain - b.chain);
  }

  /** The tail found the chain intact now, up to `checkpoint` or the one it last reproduced. */
  private noteVerified(chain: number, checkpoint?: SignedCheckpoint): void {
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

  /** From the last checkpoint reproduced, not checking the signatures this process saw hold. */
  private async run(chain: number): Promise<ChainReport> {
    const resumeFrom = this.resume.get(chain);
    const { report, keys } = await this.held.verify(
      chain,
      resumeFrom?.size ?? 0,
      this.keys ?? (await this.audit.keys()),
      () => this.audit.keys(),
      (keys, signaturesHeld) =>
        this.audit.verify(chain, keys, { resumeFrom, signaturesHeld, signal: this.loop.signal }),
    );
    this.keys = keys;
    return report;
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

type ChainHead = Awaited<ReturnType<LedgerReader['heads']>>[number];
