import { Module } from '@nestjs/common';
import { PartiesController } from './parties.controller';
import { PartyNamesRepository } from './party-names.repository';

/** Names of the companies the invoices name, by tax ID. */
@Module({
  controllers: [PartiesController],
  providers: [PartyNamesRepository],
  exports: [PartyNamesRepository],
})
export class PartiesModule {}
