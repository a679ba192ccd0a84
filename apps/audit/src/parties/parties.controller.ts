import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@taxchain/platform';
import { ApiInvalidQuery } from '../common/audit-problems';
import { PartyNameDto, PartyNamesDto } from './dto/party-name.dto';
import { PartyNamesQueryDto } from './dto/party-names-query.dto';
import { PartyNamesRepository } from './party-names.repository';

@ApiTags('parties')
@Roles('official')
@Controller('parties')
export class PartiesController {
  // A read with no rules of its own: the repository is the service.
  constructor(private readonly parties: PartyNamesRepository) {}

  @Get()
  @ApiOperation({
    summary: 'Company names for tax IDs',
    description: 'Aggregates and anomalies name companies by tax ID; this puts names beside them.',
  })
  @ApiOkResponse({ type: PartyNamesDto })
  @ApiInvalidQuery('each tax ID is 1 to 32 digits or capitals')
  async names(@Query() query: PartyNamesQueryDto): Promise<PartyNamesDto> {
    const items: PartyNameDto[] = await this.parties.names(query.taxIds);
    return { items };
  }
}
