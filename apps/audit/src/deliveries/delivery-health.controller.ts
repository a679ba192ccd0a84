import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, Roles, type AuthenticatedRequest } from '@taxchain/platform';
import { PartyNamesRepository } from '../parties/party-names.repository';
import { DeliveryHealthDto, type CompanyDeliveryHealthDto } from './dto/delivery-health.dto';
import { ReimbursementReader } from './reimbursement-reader';

@ApiTags('deliveries')
@Roles('official')
@Controller('delivery-health')
export class DeliveryHealthController {
  constructor(
    private readonly reimbursement: ReimbursementReader,
    private readonly parties: PartyNamesRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary: "Each company's webhook delivery health",
    description:
      'Per buyer company with a webhook endpoint: messages delivered, queued, retrying and held ' +
      'on disabled endpoints, with its name. Counted by the reimbursement service ' +
      "(GET /webhooks/health there, read with the caller's token) and named from the invoices.",
  })
  @ApiOkResponse({ type: DeliveryHealthDto })
  @ApiProblemResponse(503, [
    {
      code: 'reimbursement-unavailable',
      title: 'Reimbursement service unavailable',
      detail:
        'The reimbursement service, which counts webhook deliveries, did not answer (fetch failed); try again.',
    },
  ])
  async health(@Req() request: AuthenticatedRequest): Promise<DeliveryHealthDto> {
    // The official's own credential, which the guard has just accepted.
    const { items } = await this.reimbursement.deliveryHealth(request.headers.authorization ?? '');
    const names = new Map(
      (await this.parties.names(items.map((i) => i.companyTaxId))).map((p) => [p.taxId, p.name]),
    );
    const named: CompanyDeliveryHealthDto[] = items.map((item) => ({
      ...item,
      name: names.get(item.companyTaxId) ?? null,
    }));
    named.sort(
      (a, b) =>
        b.disabled - a.disabled ||
        b.retrying - a.retrying ||
        b.queued - a.queued ||
        a.companyTaxId.localeCompare(b.companyTaxId),
    );
    return { items: named };
  }
}
