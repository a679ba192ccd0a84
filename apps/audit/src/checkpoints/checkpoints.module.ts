import { Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { CheckpointsController } from './checkpoints.controller';

@Module({ imports: [LedgerModule], controllers: [CheckpointsController] })
export class CheckpointsModule {}
