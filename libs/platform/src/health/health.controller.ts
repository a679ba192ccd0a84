import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../access/access.decorators';
import { KafkaHealthIndicator } from './kafka.health';
import { HealthChecks } from './health-checks';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly extra: HealthChecks,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Database, Kafka and service-specific readiness' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency is down' })
  check() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2_000 }),
      () => this.kafka.isHealthy('kafka'),
      ...this.extra.all(),
    ]);
  }
}
