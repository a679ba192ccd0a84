import { setTimeout as sleep } from 'node:timers/promises';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  LedgerSettings,
  ReadFindings,
  type KeyDirectory,
  type SignaturesHeld,
} from '@taxchain/ledger';
import { InjectConfig, Metrics, PollingLoop, type AppConfig } from '@taxchain/platform';
import { BreakAlarm } from './break-alarm.service';
import { ChainAudit, type ChainReport } from './chain-audit.service';
import { HeldSignatures } from './held-signatures';
import { LedgerFingerprint, type Look } from './ledger-fingerprint';
import { Pace } from './pace';
import { ResumePoints } from './resume-points';
import { SweepLock } from './sweep-lock';
import { SweepStateRepository, type SweepState } from './sweep-state.repository';

/** Pause before each pass (and between tries for the lock held by another instance). */
const PAUSE_MS = 1_000;
/** How often the position is saved while a chain is swept. */
const SAVE_EVERY_MS = 2_000;

/** What /health shows of the sweep. */
export interface SweepProgress {
  rate: number;
  passes: number;
  chain: number;
  /** Entries of `chain` verified so far in this pass. */
  verified: number;
  lastPassAt: string | null;
  lastPassSeconds: number | null;
}

/**
 * The background sweep: the whole ledger re-verified from genesis, every entry (payload hash,
 * entry hash, link, actor signature) and every checkpoint (signature, root reproduced), pass
 * after pass, at AUDIT_SWEEP_RATE entries per second. The tail only checks what is new, so this
 * is what finds a sealed entry edited in place when nobody reads it. Its position is kept in
 * audit.sweep_state: a restarted instance carries on from the last checkpoint it reproduced.
 *
 * A pass does not check again the actor signatures this process saw hold, in an earlier pass or
 * in the tail (HeldSignatures; ed25519, half an entry's cost): the entries must reproduce the
 * Merkle root they had then, which means the same entry hashes and so the same bytes, under a key
 * directory that still holds every key it held then. Any break in such a pass is looked at again
 * with every signature checked, so what is found, and where, is what a full verification finds
 * (docs/runbook.md). A pass over a ledger that has not changed since the last pass found it
 * intact verifies nothing again (LedgerFingerprint).
 */
@Injectable()
export class HistorySweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop = new PollingLoop(
    // The pause is the round's own (pause()): a look at an idle ledger is taken out of it.
    { pauseMs: 0, failure: 'sweep pass failed', logger: new Logger(HistorySweep.name) },
    (signal) => this.round(signal),
  );
  private readonly rate: number;
  private state?: SweepState;
  private verified = 0;

  constructor(
    private readonly audit: ChainAudit,
    private readonly alarm: BreakAlarm,
    private readonly held: HeldSignatures,
    private readonly fingerprint: LedgerFingerprint,
    private readonly points: ResumePoints,
    private readonly states: SweepStateRepository,
    private readonly lock: SweepLock,
    private readonly findings: ReadFindings,
    private readonly settings: LedgerSettings,
    private readonly metrics: Metrics,
    @InjectConfig() config: AppConfig,
  ) {
    this.rate = config.AUDIT_SWEEP_RATE;
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.lock.release();
  }

  progress(): SweepProgress {
    return {
      rate: this.rate,
      passes: this.state?.passes ?? 0,
      chain: this.state?.chain ?? 0,
      verified: this.verified,
      lastPassAt: this.state?.lastPassFinishedAt?.toISOString() ?? null,
      lastPassSeconds: this.state?.lastPassSeconds ?? null,
    };
  }

  private async round(signal: AbortSignal): Promise<void> {
    this.show(await this.states.load());
    if (await this.lock.held()) await this.pass(await this.pause(signal), signal);
    else await sleep(PAUSE_MS, undefined, { signal });
  }

  /**
   * The pause before a pass, with a look at an idle ledger taken out of it; none after a look
   * that found a change, so that its pass verifies at once.
   */
  private async pause(signal: AbortSignal): Promise<Look | undefined> {
    const started = Date.now();
    // A pass resumed mid-ledger (after a restart) verifies as always.
    const fresh = this.state?.chain === 0 && this.state.resumeSize === 0;
    const look = fresh ? await this.fingerprint.look(this.rate, PAUSE_MS, signal) : undefined;
    if (look?.kind !== 'changed')
      await sleep(Math.max(0, PAUSE_MS - (Date.now() - started)), undefined, { signal });
    return look;
  }

  private async pass(look: Look | undefined, signal: AbortSignal): Promise<void> {
    const state = await this.states.load();
    const started = state.passStartedAt ?? new Date();
    if (look?.kind === 'unchanged') await this.allIntact(started);
    else {
      // After a look that found a change, at full speed: within the bound the look kept.
      const pace = new Pace(look?.kind === 'changed' ? Infinity : this.rate);
      this.fingerprint.verified(look, await this.verifyAll(state, started, pace, signal));
    }
    const done = await this.states.finishPass((Date.now() - started.getTime()) / 1000);
    this.metrics.taxchain.auditSweepPassesTotal.inc();
    this.show(done);
  }

  /** Nothing the last intact pass verified has changed since: its verdict stands. */
  private async allIntact(started: Date): Promise<void> {
    const open = (await this.findings.open(1)).length > 0;
    for (let chain = 0; chain < this.settings.chains; chain += 1) {
      this.alarm.intact(chain, 'genesis');
      if (open) await this.findings.resolve(chain, started);
    }
  }

  /** Every chain from where the pass stands; true when all were intact. */
  private async verifyAll(
    state: SweepState,
    started: Date,
    pace: Pace,
    signal: AbortSignal,
  ): Promise<boolean> {
    let intact = true;
    let keys = await this.audit.keys();
    for (let chain = state.chain; chain < this.settings.chains; chain += 1) {
      const resumeSize = chain === state.chain ? state.resumeSize : 0;
      let report: ChainReport;
      ({ report, keys } = await this.held.verify(
        chain,
        resumeSize,
        keys,
        () => this.audit.keys(),
        // A break named again with every signature checked: at once, within the pass's bound.
        (under, signaturesHeld, again) =>
          this.sweepChain(
            chain,
            resumeSize,
            started,
            under,
            again ? new Pace(Infinity) : pace,
            signal,
            signaturesHeld,
          ),
      ));
      if (report.break) {
        intact = false;
        await this.alarm.raise(report.break, 'sweep', report);
      } else {
        this.alarm.intact(chain, 'genesis');
        await this.findings.resolve(chain, started);
      }
    }
    return intact;
  }

  private async sweepChain(
    chain: number,
    resumeSize: number,
    started: Date,
    keys: KeyDirectory,
    pace: Pace,
    signal: AbortSignal,
    signaturesHeld?: SignaturesHeld,
  ): Promise<ChainReport> {
    const resumeFrom = resumeSize > 0 ? await this.points.at(chain, resumeSize) : undefined;
    let saved = resumeFrom?.size ?? 0;
    let sealed = saved;
    let savedAt = Date.now();
    await this.states.position(chain, saved, started);
    this.state = { ...(this.state ?? (await this.states.load())), chain, resumeSize: saved };
    this.verified = saved;
    const position = this.metrics.taxchain.auditSweepPositionEntries;
    return this.audit.verify(chain, keys, {
      resumeFrom,
      signaturesHeld,
      signal,
      pageSize: Pace.batchFor(this.rate),
      onProgress: (p) => {
        sealed = p.lastGoodCheckpoint?.size ?? sealed;
        this.verified = p.verified;
        position.set({ chain: String(chain) }, p.verified);
      },
      throttle: async (entries) => {
        this.metrics.taxchain.auditSweepEntriesTotal.inc(entries);
        await pace.take(entries, signal);
        if (sealed === saved || Date.now() - savedAt < SAVE_EVERY_MS) return;
        await this.states.position(chain, sealed, started);
        [saved, savedAt] = [sealed, Date.now()];
      },
    });
  }

  private show(state: SweepState): void {
    this.state = state;
    if (state.lastPassFinishedAt && state.lastPassSeconds !== null) {
      this.metrics.taxchain.auditSweepLastPassSeconds.set(state.lastPassSeconds);
      this.metrics.taxchain.auditSweepLastPassTimestampSeconds.set(
        state.lastPassFinishedAt.getTime() / 1000,
      );
    }
  }
}
