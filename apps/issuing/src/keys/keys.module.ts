import { Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { KeysController } from './keys.controller';
import { KeysRepository } from './keys.repository';
import { KeysService } from './keys.service';
import { MerchantSignatures } from './merchant-signatures';

/** Merchant signing keys: registration with proof of possession, revocation, signature checks. */
@Module({
  imports: [LedgerModule],
  controllers: [KeysController],
  providers: [KeysRepository, KeysService, MerchantSignatures],
  exports: [MerchantSignatures],
})
export class KeysModule {}
