import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@taxchain/platform';
import { DeliveryHealthListDto } from './dto/delivery-health.dto';
import { WebhooksRepository } from './webhooks.repository';

@ApiTags('webhooks')
@Roles('official')
@Controller('webhooks/health')
export class DeliveryHealthController {
  // A count with no rules of its own: the repository is the service.
  constructor(private readonly webhooks: WebhooksRepository) {}

  @Get()
  @ApiOperation({
    summary: "Every company's webhook delivery health (officials)",
    description:
      'Counts per buyer company with an endpoint: messages delivered, queued, retrying (their ' +
      "endpoint's last attempt failed) and held on disabled endpoints; endpoints and disabled " +
      'endpoints. The audit dashboard reads it.',
  })
  @ApiOkResponse({ type: DeliveryHealthListDto })
  async health(): Promise<DeliveryHealthListDto> {
    return { items: await this.webhooks.healthPerCompany() };
  }
}
