import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import {
  ANOMALY_STATUSES,
  AUDIT_ANOMALY_TYPES,
  SEVERITIES,
  type AnomalyStatus,
  type AuditAnomalyType,
  type Severity,
} from '../anomaly';

export class AnomalyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ANOMALY_TYPES, example: 'circular_invoicing' })
  @IsOptional()
  @IsIn(AUDIT_ANOMALY_TYPES)
  type?: AuditAnomalyType;

  @ApiPropertyOptional({ enum: ANOMALY_STATUSES, example: 'open' })
  @IsOptional()
  @IsIn(ANOMALY_STATUSES)
  status?: AnomalyStatus;

  @ApiPropertyOptional({ enum: SEVERITIES, example: 'critical' })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;
}
