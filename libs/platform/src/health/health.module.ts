import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { KafkaHealthIndicator } from './kafka.health';
import { HealthChecks } from './health-checks';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty', gracefulShutdownTimeoutMs: 0 })],
  controllers: [HealthController],
  providers: [KafkaHealthIndicator, HealthChecks],
  exports: [HealthChecks],
})
export class HealthModule {}
