import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalidCursor, ApiProblemResponse, Roles } from '@taxchain/platform';
import { ApiInvalidBody } from './admin-problems';
import { EXAMPLE } from './dto/examples';
import { PageQueryDto } from './dto/page-query.dto';
import { PartyDto, PartyPageDto } from './dto/party.dto';
import { RegisterPartyDto } from './dto/register-party.dto';
import { PartiesService } from './parties.service';

@ApiTags('admin')
@Roles('admin')
@Controller('admin/parties')
export class PartiesController {
  constructor(private readonly parties: PartiesService) {}

  @Post()
  @ApiOperation({ summary: 'Register a merchant or company by its tax ID' })
  @ApiCreatedResponse({ type: PartyDto })
  @ApiInvalidBody("taxId has check character '4' where '3' is expected")
  @ApiProblemResponse(409, [
    {
      code: 'duplicate-tax-id',
      title: 'Tax ID already registered',
      detail: `A party with tax ID ${EXAMPLE.merchantTaxId} is already registered.`,
    },
  ])
  async register(@Body() body: RegisterPartyDto): Promise<PartyDto> {
    return PartyDto.from(await this.parties.register(body));
  }

  @Get()
  @ApiOperation({ summary: 'Registered parties, oldest first, a page at a time' })
  @ApiOkResponse({ type: PartyPageDto })
  @ApiInvalidCursor()
  async list(@Query() query: PageQueryDto): Promise<PartyPageDto> {
    return PartyPageDto.from(await this.parties.list(query));
  }
}
