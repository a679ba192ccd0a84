import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@taxchain/platform';
import { ApiInvalidQuery } from '../common/audit-problems';
import { DailyTotalsRepository } from './daily-totals.repository';
import { AggregateQueryDto } from './dto/aggregate-query.dto';
import { AggregateDto, AggregatesDto } from './dto/aggregate.dto';

@ApiTags('analytics')
@Roles('official')
@Controller('aggregates')
export class AggregatesController {
  // A read with no rules of its own: the repository is the service.
  constructor(private readonly totals: DailyTotalsRepository) {}

  @Get()
  @ApiOperation({ summary: 'Invoice totals by day, seller, buyer, tax rate or region' })
  @ApiOkResponse({ type: AggregatesDto })
  @ApiInvalidQuery('by must be one of the following values: day, seller, buyer, rate, region')
  async aggregate(@Query() query: AggregateQueryDto): Promise<AggregatesDto> {
    const rows = await this.totals.aggregate(query.by, query.from, query.to);
    return { by: query.by, items: rows.map((row) => AggregateDto.from(row)) };
  }
}
