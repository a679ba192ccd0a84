import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiInvalidCursor, ApiProblemResponse, Roles } from '@taxchain/platform';
import { ApiCredentialNotFound, ApiInvalidBody } from './admin-problems';
import { CredentialDto, CredentialPageDto, IssuedCredentialDto } from './dto/credential.dto';
import { EXAMPLE } from './dto/examples';
import { IssueCredentialDto } from './dto/issue-credential.dto';
import { PageQueryDto } from './dto/page-query.dto';
import { CredentialsService } from './credentials.service';

const credentialId = ApiParam({ name: 'id', example: EXAMPLE.credentialId });

@ApiTags('admin')
@Roles('admin')
@Controller('admin/credentials')
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Issue a credential; the token is in this response only' })
  @ApiBody({
    type: IssueCredentialDto,
    examples: {
      merchant: { value: { role: 'merchant', taxId: EXAMPLE.merchantTaxId } },
      company: {
        value: { role: 'company', taxId: EXAMPLE.companyTaxId, label: 'Expense desk' },
      },
      official: { value: { role: 'official', label: 'Fuzhou audit team, Li Wei' } },
    },
  })
  @ApiCreatedResponse({ type: IssuedCredentialDto })
  @ApiInvalidBody('taxId is required for a merchant credential')
  @ApiProblemResponse(404, [
    {
      code: 'party-not-found',
      title: 'Party not found',
      detail: `No party with tax ID ${EXAMPLE.merchantTaxId} is registered.`,
    },
  ])
  @ApiProblemResponse(422, [
    {
      code: 'role-not-held',
      title: 'Party does not hold this role',
      detail: `Party ${EXAMPLE.merchantTaxId} is not registered as a company.`,
    },
  ])
  async issue(@Body() body: IssueCredentialDto): Promise<IssuedCredentialDto> {
    return IssuedCredentialDto.fromIssued(await this.credentials.issue(body));
  }

  @Post(':id/rotate')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Replace a credential: a new token for the same holder; the old one is revoked',
  })
  @credentialId
  @ApiCreatedResponse({ type: IssuedCredentialDto })
  @ApiCredentialNotFound()
  @ApiProblemResponse(409, [
    {
      code: 'credential-revoked',
      title: 'Credential revoked',
      detail: `Credential ${EXAMPLE.credentialId} is revoked; issue a new one instead.`,
    },
  ])
  async rotate(@Param('id') id: string): Promise<IssuedCredentialDto> {
    return IssuedCredentialDto.fromIssued(await this.credentials.rotate(id));
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke a credential (idempotent); every service refuses it within seconds',
  })
  @credentialId
  @ApiOkResponse({ type: CredentialDto })
  @ApiCredentialNotFound()
  async revoke(@Param('id') id: string): Promise<CredentialDto> {
    return CredentialDto.from(await this.credentials.revoke(id));
  }

  @Get()
  @ApiOperation({ summary: 'All credentials, oldest first, revoked ones included; no secrets' })
  @ApiOkResponse({ type: CredentialPageDto })
  @ApiInvalidCursor()
  async list(@Query() query: PageQueryDto): Promise<CredentialPageDto> {
    return CredentialPageDto.from(await this.credentials.list(query));
  }
}
