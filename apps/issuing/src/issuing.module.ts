import { DynamicModule, Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { PlatformModule, type AppConfig } from '@taxchain/platform';
import { InvoicesModule } from './invoices/invoices.module';
import { KeysModule } from './keys/keys.module';
import { PartiesModule } from './parties/parties.module';

@Module({})
export class IssuingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: IssuingModule,
      imports: [
        PlatformModule.forService(config),
        LedgerModule,
        PartiesModule,
        KeysModule,
        InvoicesModule,
      ],
    };
  }
}
