import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectConfig, PollingLoop, type AppConfig } from '@taxchain/platform';
import { ACTIVITY_SPANS_S } from './activity-buckets';
import { ActivityPruningRepository } from './activity-pruning.repository';
import { AnomalyThresholds } from './anomaly-thresholds';

/** Rows deleted from each table in one statement: short locks, short transactions. */
const BATCH = 10_000;
/** Room for the clocks of instances appending to one chain: an entry's time may be this early. */
const CLOCK_MARGIN_MS = 3_600_000;
/** The widest bucket: every width divides it, so a cutoff on it splits no bucket of any. */
const WIDEST_BUCKET_MS = ACTIVITY_SPANS_S[0] * 1000;

/**
 * Deletes, every ANOMALY_ACTIVITY_PRUNE_MS, the activity the burst detector can no longer read;
 * nothing else reads it (rings read audit.invoice_edges). The detector counts a window and the
 * baseline period before it, back from a seller's newest invoice, which is at least as late as
 * the invoice being applied; entries still to be applied were recorded no earlier than the
 * oldest entry every chain has applied, so the feed's progress, not the clock, says what may go.
 */
@Injectable()
export class ActivityPruning implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: PollingLoop;
  private readonly chains: number;

  constructor(
    private readonly pruning: ActivityPruningRepository,
    private readonly thresholds: AnomalyThresholds,
    @InjectConfig() config: AppConfig,
  ) {
    this.chains = config.LEDGER_CHAINS;
    this.loop = new PollingLoop(
      {
        pauseMs: config.ANOMALY_ACTIVITY_PRUNE_MS,
        failure: 'activity pruning failed',
        logger: new Logger(ActivityPruning.name),
      },
      (signal) => this.prune(signal).then(() => undefined),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Deletes, a batch at a time, what no detector can read any more; returns the cutoff used. */
  async prune(signal?: AbortSignal): Promise<Date | undefined> {
    const appliedThrough = await this.pruning.appliedThrough(this.chains);
    if (!appliedThrough) return undefined;
    const cutoff = pruneBefore(appliedThrough, this.thresholds);
    while (!signal?.aborted && (await this.pruning.deleteBefore(cutoff, BATCH)) === BATCH);
    return cutoff;
  }
}

/**
 * The earliest instant a detector may still read, on the bucket boundary at or before it:
 * the burst window and baseline period before the entries still to be applied, and the margin.
 */
export function pruneBefore(
  appliedThrough: Date,
  thresholds: { burstWindowMs: number; baselinePeriodMs: number },
): Date {
  const { burstWindowMs, baselinePeriodMs } = thresholds;
  const oldestRead = appliedThrough.getTime() - burstWindowMs - baselinePeriodMs - CLOCK_MARGIN_MS;
  return new Date(Math.floor(oldestRead / WIDEST_BUCKET_MS) * WIDEST_BUCKET_MS);
}
