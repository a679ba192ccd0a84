import { Module } from '@nestjs/common';
import { ActivityPruningRepository } from './activity-pruning.repository';
import { ActivityPruning } from './activity-pruning.service';
import { ActivityRepository } from './activity.repository';
import { AnomaliesController } from './anomalies.controller';
import { AnomaliesRepository } from './anomalies.repository';
import { AnomaliesService } from './anomalies.service';
import { AnomalyRecorder } from './anomaly-recorder.service';
import { InvoiceDetectors } from './detectors/invoice-detectors.service';
import { AnomalyThresholds } from './anomaly-thresholds';

/** Findings: detectors, their one-time recording, and the officials' review of them. */
@Module({
  controllers: [AnomaliesController],
  providers: [
    ActivityPruning,
    ActivityPruningRepository,
    ActivityRepository,
    AnomaliesRepository,
    AnomaliesService,
    AnomalyRecorder,
    InvoiceDetectors,
    AnomalyThresholds,
  ],
  exports: [AnomalyRecorder, InvoiceDetectors, AnomalyThresholds],
})
export class AnomaliesModule {}
