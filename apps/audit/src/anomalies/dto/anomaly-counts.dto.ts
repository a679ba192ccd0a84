import { ApiProperty } from '@nestjs/swagger';
import { ANOMALY_STATUSES, AUDIT_ANOMALY_TYPES, SEVERITIES } from '../anomaly';

export class AnomalyCountDto {
  @ApiProperty({ enum: AUDIT_ANOMALY_TYPES, example: 'burst' })
  type!: string;

  @ApiProperty({ enum: SEVERITIES, example: 'medium' })
  severity!: string;

  @ApiProperty({ enum: ANOMALY_STATUSES, example: 'open' })
  status!: string;

  @ApiProperty({ example: 1 })
  count!: number;
}

export class AnomalyCountsDto {
  @ApiProperty({ type: [AnomalyCountDto] })
  items!: AnomalyCountDto[];
}
