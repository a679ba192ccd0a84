import { Module } from '@nestjs/common';
import { CredentialsController } from './credentials.controller';
import { CredentialsService } from './credentials.service';
import { PartiesController } from './parties.controller';
import { PartiesService } from './parties.service';

/** The tax authority's administration of parties and credentials (role admin). */
@Module({
  controllers: [PartiesController, CredentialsController],
  providers: [PartiesService, CredentialsService],
  exports: [PartiesService, CredentialsService],
})
export class PartiesModule {}
