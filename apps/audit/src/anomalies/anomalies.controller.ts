import {
  applyDecorators,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiInvalidCursor,
  ApiProblemResponse,
  CurrentCaller,
  Roles,
  type Caller,
} from '@taxchain/platform';
import { ApiUuidNotFound } from '../common/audit-problems';
import { EXAMPLE } from '../common/examples';
import { AnomaliesService } from './anomalies.service';
import { AnomalyQueryDto } from './dto/anomaly-query.dto';
import { AnomalyCountsDto } from './dto/anomaly-counts.dto';
import { AnomalyDto, AnomalyPageDto } from './dto/anomaly.dto';

const ApiAnomalyNotFound = () =>
  ApiUuidNotFound(EXAMPLE.anomalyId, 'anomaly', {
    code: 'anomaly-not-found',
    title: 'Anomaly not found',
  });

const ApiDecisionProblems = () =>
  applyDecorators(
    ApiAnomalyNotFound(),
    ApiProblemResponse(409, [
      {
        code: 'anomaly-already-decided',
        title: 'Anomaly already decided',
        detail: `Anomaly ${EXAMPLE.anomalyId} is already dismissed.`,
      },
    ]),
  );

@ApiTags('anomalies')
@Roles('official')
@Controller('anomalies')
export class AnomaliesController {
  constructor(private readonly anomalies: AnomaliesService) {}

  @Get()
  @ApiOperation({ summary: 'Flagged anomalies, newest first' })
  @ApiOkResponse({ type: AnomalyPageDto })
  @ApiInvalidCursor()
  async list(@Query() query: AnomalyQueryDto): Promise<AnomalyPageDto> {
    return AnomalyPageDto.from(await this.anomalies.list(query, query));
  }

  @Get('counts')
  @ApiOperation({
    summary: 'How many anomalies of each type, severity and status',
    description: 'One row per combination present, for filters that show their counts.',
  })
  @ApiOkResponse({ type: AnomalyCountsDto })
  async counts(): Promise<AnomalyCountsDto> {
    return { items: await this.anomalies.counts() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One anomaly with its evidence' })
  @ApiOkResponse({ type: AnomalyDto })
  @ApiAnomalyNotFound()
  async one(@Param('id', ParseUUIDPipe) id: string): Promise<AnomalyDto> {
    return AnomalyDto.from(await this.anomalies.one(id));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an open anomaly: it needs following up' })
  @ApiOkResponse({ type: AnomalyDto })
  @ApiDecisionProblems()
  async acknowledge(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<AnomalyDto> {
    return AnomalyDto.from(await this.anomalies.decide(id, 'acknowledged', caller.credentialId));
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss an open anomaly as a false positive' })
  @ApiOkResponse({ type: AnomalyDto })
  @ApiDecisionProblems()
  async dismiss(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<AnomalyDto> {
    return AnomalyDto.from(await this.anomalies.decide(id, 'dismissed', caller.credentialId));
  }
}
