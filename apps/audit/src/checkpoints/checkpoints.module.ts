import { Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { AnomaliesModule } from '../anomalies/anomalies.module';
import { CheckpointsController } from './checkpoints.controller';
import { WitnessRefusalAlarm } from './witness-refusal-alarm.service';

/** Checkpoint notes served with their witness cosignatures, and witnesses' refusals raised. */
@Module({
  imports: [LedgerModule, AnomaliesModule],
  controllers: [CheckpointsController],
  providers: [WitnessRefusalAlarm],
})
export class CheckpointsModule {}
