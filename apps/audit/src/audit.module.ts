import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type AppConfig } from '@taxchain/platform';

@Module({})
export class AuditModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AuditModule, imports: [PlatformModule.forService(config)] };
  }
}
