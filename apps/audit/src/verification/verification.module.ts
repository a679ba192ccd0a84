import { Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { AnomaliesModule } from '../anomalies/anomalies.module';
import { BreakAlarm } from './break-alarm.service';
import { ChainAudit } from './chain-audit.service';
import { CheckpointsConsumer } from './checkpoints-consumer.service';
import { CheckpointsSeenRepository } from './checkpoints-seen.repository';
import { ContinuousVerification } from './continuous-verification.service';
import { HeldSignatures } from './held-signatures';
import { HistorySweep } from './history-sweep.service';
import { LedgerFingerprint } from './ledger-fingerprint';
import { LedgerFingerprintRepository } from './ledger-fingerprint.repository';
import { ReadFindingsWatcher } from './read-findings-watcher.service';
import { ResumePoints } from './resume-points';
import { SweepLock } from './sweep-lock';
import { SweepStateRepository } from './sweep-state.repository';
import { TrailRepository } from './trail.repository';
import { TrailSweep } from './trail-sweep';
import { VerificationHealth } from './verification-health';
import { VerificationRunsRepository } from './verification-runs.repository';
import { VerificationService } from './verification.service';
import { VerificationsController } from './verifications.controller';

/**
 * Chain verification: witnessed checkpoints, the continuous tail, the background sweep of the
 * whole ledger, reads other services refused, runs on demand, break alarms.
 */
@Module({
  imports: [LedgerModule, AnomaliesModule],
  controllers: [VerificationsController],
  providers: [
    BreakAlarm,
    ChainAudit,
    CheckpointsConsumer,
    CheckpointsSeenRepository,
    ContinuousVerification,
    HeldSignatures,
    HistorySweep,
    LedgerFingerprint,
    LedgerFingerprintRepository,
    ReadFindingsWatcher,
    ResumePoints,
    SweepLock,
    SweepStateRepository,
    TrailRepository,
    TrailSweep,
    VerificationHealth,
    VerificationRunsRepository,
    VerificationService,
  ],
  exports: [BreakAlarm, TrailRepository, ContinuousVerification],
})
export class VerificationModule {}
