import { Global, Module } from '@nestjs/common';
import { HttpMetricsRecorder } from './http-metrics.recorder';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics.service';

/** One registry per app, `GET /metrics`, and request timing; `Metrics` is injectable anywhere. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics, HttpMetricsRecorder],
  exports: [Metrics],
})
export class MetricsModule {}
