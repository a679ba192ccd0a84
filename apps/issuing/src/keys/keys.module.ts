import { Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { KeyDirectoryController } from './directory/key-directory.controller';
import { MerchantKeyDirectory } from './directory/merchant-key-directory';
import { KeysController } from './keys.controller';
import { KeysRepository } from './keys.repository';
import { KeysService } from './keys.service';
import { MerchantSignatures } from './merchant-signatures';

/**
 * Merchant signing keys: registration with proof of possession, revocation, signature checks,
 * and the proven key directory buyers and officials read.
 */
@Module({
  imports: [LedgerModule],
  controllers: [KeysController, KeyDirectoryController],
  providers: [KeysRepository, KeysService, MerchantSignatures, MerchantKeyDirectory],
  exports: [MerchantSignatures],
})
export class KeysModule {}
