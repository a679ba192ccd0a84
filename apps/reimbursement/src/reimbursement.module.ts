import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type AppConfig } from '@taxchain/platform';

@Module({})
export class ReimbursementModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ReimbursementModule, imports: [PlatformModule.forService(config)] };
  }
}
