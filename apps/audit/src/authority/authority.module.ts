import { Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { AuthorityController } from './authority.controller';

@Module({ imports: [LedgerModule], controllers: [AuthorityController] })
export class AuthorityModule {}
