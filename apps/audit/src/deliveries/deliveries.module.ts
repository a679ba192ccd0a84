import { Module } from '@nestjs/common';
import { PartiesModule } from '../parties/parties.module';
import { DeliveryHealthController } from './delivery-health.controller';
import { ReimbursementReader } from './reimbursement-reader';

/** Buyer companies' webhook delivery health, read from the reimbursement service. */
@Module({
  imports: [PartiesModule],
  controllers: [DeliveryHealthController],
  providers: [ReimbursementReader],
})
export class DeliveriesModule {}
