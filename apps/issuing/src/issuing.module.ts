import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type AppConfig } from '@taxchain/platform';
import { PartiesModule } from './parties/parties.module';

@Module({})
export class IssuingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: IssuingModule, imports: [PlatformModule.forService(config), PartiesModule] };
  }
}
