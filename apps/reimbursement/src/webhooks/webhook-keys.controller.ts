import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Public, Roles, type Caller } from '@taxchain/platform';
import { buyerTaxIdOf } from '../claims/buyer-tax-id';
import { EXAMPLE } from './dto/examples';
import { PublishedKeysDto, PublishedKeyDto } from './dto/keys.dto';
import { WebhookKeysRepository } from './webhook-keys.repository';
import { WebhooksException } from './webhooks.exception';
import { ApiProblemResponse } from '@taxchain/platform';

@ApiTags('webhooks')
@Controller('webhooks/keys')
export class WebhookKeysController {
  constructor(private readonly keys: WebhookKeysRepository) {}

  @Get(':taxId')
  @Public()
  @ApiOperation({
    summary: "A company's webhook signing keys (public): verify its deliveries with them",
    description:
      'No credential needed: receivers fetch these to check `webhook-signature` (`v1a`). ' +
      'A delivery carries one signature per key still signing (the current one, and for 24 h ' +
      'after a rotation the previous one); accept it if any verifies.',
  })
  @ApiParam({ name: 'taxId', example: EXAMPLE.taxId })
  @ApiOkResponse({ type: PublishedKeysDto })
  @ApiProblemResponse(404, [
    {
      code: 'webhook-key-not-found',
      title: 'No webhook signing key',
      detail: `Company ${EXAMPLE.taxId} has no webhook signing key yet; it gets one with its first endpoint.`,
    },
  ])
  async published(@Param('taxId') taxId: string): Promise<PublishedKeysDto> {
    const keys = await this.keys.published(taxId);
    if (keys.length === 0) throw WebhooksException.noSigningKey(taxId);
    return { taxId, keys: keys.map((k) => PublishedKeyDto.from(k)) };
  }

  @Post('rotate')
  @HttpCode(200)
  @Roles('company')
  @ApiOperation({
    summary: 'Rotate the signing key: a new key signs from now, the old one beside it for 24 h',
  })
  @ApiOkResponse({ type: PublishedKeysDto })
  async rotate(@CurrentCaller() caller: Caller): Promise<PublishedKeysDto> {
    const taxId = buyerTaxIdOf(caller);
    await this.keys.rotate(taxId);
    return this.published(taxId);
  }
}
