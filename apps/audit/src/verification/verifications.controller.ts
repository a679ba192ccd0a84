import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, CurrentCaller, Roles, type Caller } from '@taxchain/platform';
import { ApiUuidNotFound } from '../common/audit-problems';
import { EXAMPLE } from '../common/examples';
import { VerificationRunDto } from './dto/verification-run.dto';
import { VerificationService } from './verification.service';

const ApiRunNotFound = () =>
  ApiUuidNotFound(EXAMPLE.runId, 'verification run', {
    code: 'verification-not-found',
    title: 'Verification run not found',
  });

@ApiTags('verification')
@Roles('official')
@Controller('verifications')
export class VerificationsController {
  constructor(private readonly verification: VerificationService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Verify every chain from genesis, in the background',
    description:
      'Hashes, links, actor signatures, and every checkpoint in the table and witnessed on Kafka.',
  })
  @ApiAcceptedResponse({ type: VerificationRunDto })
  async start(@CurrentCaller() caller: Caller): Promise<VerificationRunDto> {
    return VerificationRunDto.from(await this.verification.start(caller.credentialId));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Progress (done/total, rate, ETA) and, once finished, the result' })
  @ApiOkResponse({ type: VerificationRunDto })
  @ApiRunNotFound()
  async find(@Param('id', ParseUUIDPipe) id: string): Promise<VerificationRunDto> {
    return VerificationRunDto.from(await this.verification.find(id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a running verification' })
  @ApiOkResponse({ type: VerificationRunDto })
  @ApiRunNotFound()
  @ApiProblemResponse(409, [
    {
      code: 'verification-not-running',
      title: 'Verification run not running',
      detail: `Verification run ${EXAMPLE.runId} is done; only a running one can be cancelled.`,
    },
  ])
  async cancel(@Param('id', ParseUUIDPipe) id: string): Promise<VerificationRunDto> {
    return VerificationRunDto.from(await this.verification.cancel(id));
  }
}
