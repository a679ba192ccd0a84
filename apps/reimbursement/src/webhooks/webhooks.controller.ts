import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentCaller, Roles, type Caller } from '@taxchain/platform';
import { buyerTaxIdOf } from '../claims/buyer-tax-id';
import { EXAMPLE } from './dto/examples';
import { CreateEndpointDto } from './dto/create-endpoint.dto';
import {
  DeliveryDto,
  DeliveryLogQueryDto,
  DeliveryPageDto,
  ReplayDto,
  ReplayResultDto,
  TestEventDto,
} from './dto/delivery.dto';
import { EndpointDto, EndpointListDto } from './dto/endpoint.dto';
import { WebhookEndpoints } from './webhook-endpoints.service';
import {
  ApiEndpointNotFound,
  ApiRegistrationRefusals,
  ApiReplayRefusals,
} from './webhooks-problems';

const DELIVERY_RULES =
  'Each delivery is a POST with the Standard Webhooks headers webhook-id, webhook-timestamp and ' +
  'webhook-signature (`v1a`, ed25519 over `{id}.{timestamp}.{body}`; verify with the keys of ' +
  'GET /webhooks/keys/{taxId}). At least once, in ledger order per endpoint; a 2xx within ' +
  'WEBHOOKS_TIMEOUT_MS acknowledges, redirects are not followed.';

const ApiEndpointId = () =>
  ApiParam({
    name: 'id',
    description: 'The endpoint id POST /webhooks/endpoints returned',
    example: EXAMPLE.endpointId,
  });

@ApiTags('webhooks')
@Roles('company')
@Controller('webhooks/endpoints')
export class WebhooksController {
  constructor(private readonly endpoints: WebhookEndpoints) {}

  @Post()
  @ApiOperation({
    summary: 'Register an endpoint for some event types',
    description: DELIVERY_RULES,
  })
  @ApiCreatedResponse({ type: EndpointDto })
  @ApiRegistrationRefusals()
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateEndpointDto,
  ): Promise<EndpointDto> {
    return EndpointDto.from(
      await this.endpoints.register(buyerTaxIdOf(caller), body.url, body.eventTypes),
    );
  }

  @Get()
  @ApiOperation({ summary: "The company's endpoints, with their delivery health" })
  @ApiOkResponse({ type: EndpointListDto })
  async list(@CurrentCaller() caller: Caller): Promise<EndpointListDto> {
    return {
      endpoints: (await this.endpoints.list(buyerTaxIdOf(caller))).map((e) => EndpointDto.from(e)),
    };
  }

  @Get(':id')
  @ApiEndpointId()
  @ApiOperation({ summary: 'One endpoint: enabled or disabled (and why), failing since when' })
  @ApiOkResponse({ type: EndpointDto })
  @ApiEndpointNotFound()
  async one(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<EndpointDto> {
    return EndpointDto.from(await this.endpoints.get(buyerTaxIdOf(caller), id));
  }

  @Delete(':id')
  @ApiEndpointId()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an endpoint and its delivery log' })
  @ApiNoContentResponse()
  @ApiEndpointNotFound()
  async remove(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.endpoints.remove(buyerTaxIdOf(caller), id);
  }

  @Post(':id/enable')
  @ApiEndpointId()
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled endpoint again; what is pending is sent at once' })
  @ApiOkResponse({ type: EndpointDto })
  @ApiEndpointNotFound()
  async enable(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<EndpointDto> {
    return EndpointDto.from(await this.endpoints.enable(buyerTaxIdOf(caller), id));
  }

  @Post(':id/test')
  @ApiEndpointId()
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a signed webhook.test message to this endpoint' })
  @ApiAcceptedResponse({ type: TestEventDto })
  @ApiEndpointNotFound()
  async test(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<TestEventDto> {
    return { messageId: await this.endpoints.sendTest(buyerTaxIdOf(caller), id) };
  }

  @Get(':id/deliveries')
  @ApiEndpointId()
  @ApiOperation({ summary: 'The delivery log: every message, attempts, last status and error' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiEndpointNotFound()
  async deliveries(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DeliveryLogQueryDto,
  ): Promise<DeliveryPageDto> {
    const limit = query.limit ?? 100;
    const rows = await this.endpoints.deliveries(
      buyerTaxIdOf(caller),
      id,
      query.after ?? '0',
      limit,
    );
    return {
      deliveries: rows.map((d) => DeliveryDto.from(d)),
      nextAfter: rows.length === limit ? rows[rows.length - 1].deliveryId : null,
    };
  }

  @Post(':id/replay')
  @ApiEndpointId()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send messages again, from a time or from one message on (same webhook-id)',
  })
  @ApiBody({
    type: ReplayDto,
    description: 'Exactly one of `since` and `messageId`.',
    examples: {
      since: { summary: 'From a time on', value: { since: '2026-11-23T08:00:00.000Z' } },
      messageId: { summary: 'From one message on', value: { messageId: EXAMPLE.messageId } },
    },
  })
  @ApiOkResponse({ type: ReplayResultDto })
  @ApiReplayRefusals()
  async replay(
    @CurrentCaller() caller: Caller,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReplayDto,
  ): Promise<ReplayResultDto> {
    if ((body.since === undefined) === (body.messageId === undefined))
      throw new BadRequestException(['give either since or messageId']);
    const from = body.since
      ? { since: new Date(body.since) }
      : { messageId: body.messageId as string };
    return { requeued: await this.endpoints.replay(buyerTaxIdOf(caller), id, from) };
  }
}
