import { Body, Controller, Get, Header, HttpCode, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, Public, PublicCheckLimit } from '@taxchain/platform';
import { renderCheckPage, type CheckOutcome } from './check-page';
import { CheckPageProblemFilter } from './check-page-problem.filter';
import { CheckPageQueryDto, PublicCheckDto } from './dto/public-check.dto';
import { PublicCheckResultDto } from './dto/public-check-result.dto';
import { NO_MATCH_DETAIL, PublicCheckException } from './public-check.exception';
import { PublicCheck } from './public-check.service';

const LIMIT_RULE =
  'No login. Every request counts against PUBLIC_CHECK_PER_MINUTE (default 20) per client address; beyond it, 429 `rate-limited` with Retry-After.';

const ApiPublicCheckLimit = () =>
  ApiProblemResponse(
    429,
    [
      {
        code: 'rate-limited',
        title: 'Rate limit exceeded',
        detail: 'Too many requests for this credential; retry after 42 s.',
      },
    ],
    { 'Retry-After': 'Seconds until this address may check again' },
  );

@ApiTags('public check')
@Public()
@Controller()
export class PublicCheckController {
  constructor(private readonly publicCheck: PublicCheck) {}

  @Post('public/check')
  @HttpCode(200)
  @PublicCheckLimit()
  @ApiOperation({
    summary: 'Check an invoice from its four printed facts (查验): its status, and nothing more',
    description: `${LIMIT_RULE} Any wrong fact, or a number that does not exist, is the same 404 \`no-match\`.`,
  })
  @ApiOkResponse({ type: PublicCheckResultDto })
  @ApiProblemResponse(400, [
    {
      code: 'validation-failed',
      title: 'Bad Request',
      detail: 'amount must be the gross in yuan with two decimals, such as 1399.18',
      errors: ['amount must be the gross in yuan with two decimals, such as 1399.18'],
    },
  ])
  @ApiProblemResponse(404, [
    { code: 'no-match', title: 'No matching invoice', detail: NO_MATCH_DETAIL },
  ])
  @ApiPublicCheckLimit()
  async check(@Body() facts: PublicCheckDto): Promise<PublicCheckResultDto> {
    return PublicCheckResultDto.from(await this.publicCheck.check(facts));
  }

  @Get('check')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @PublicCheckLimit()
  @UseFilters(CheckPageProblemFilter)
  @ApiOperation({
    summary: 'The public check page: a form, pre-filled from the query the printed QR code carries',
    description:
      `${LIMIT_RULE} With all four facts in the query, the page shows the status (or that nothing matches) under the form. ` +
      'A fact in the wrong form is 400 and too many checks 429, as below; a client whose Accept prefers `text/html` to JSON (a browser) gets them as this page, with the same status, the form filled in as sent and what to correct.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The HTML page', schema: { type: 'string' } })
  @ApiProblemResponse(400, [
    {
      code: 'validation-failed',
      title: 'Bad Request',
      detail: 'code must be 6 digits',
      errors: ['code must be 6 digits'],
    },
  ])
  @ApiPublicCheckLimit()
  async page(@Query() query: CheckPageQueryDto): Promise<string> {
    return renderCheckPage(query, await this.outcome(query));
  }

  private async outcome(query: CheckPageQueryDto): Promise<CheckOutcome> {
    const { number, date, code, amount } = query;
    if (!number || !date || !code || !amount) return { kind: 'form' };
    try {
      return await this.publicCheck.check({ number, date, code, amount });
    } catch (error) {
      if (error instanceof PublicCheckException) return { kind: 'no-match' };
      throw error;
    }
  }
}
