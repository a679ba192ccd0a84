import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../access/access.decorators';
import { Metrics } from './metrics.service';

/** Prometheus scrape endpoint; it carries no business data, so it needs no credential. */
@ApiTags('metrics')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Metrics of this instance in the Prometheus text format' })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: `Served as \`${Registry.PROMETHEUS_CONTENT_TYPE}\``,
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example:
          '# TYPE http_requests_total counter\nhttp_requests_total{method="GET",route="/health",status="200"} 3\n',
      },
    },
  })
  scrape(): Promise<string> {
    return this.metrics.exposition();
  }
}
