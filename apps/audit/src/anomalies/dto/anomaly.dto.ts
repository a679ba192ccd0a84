import { ApiProperty } from '@nestjs/swagger';
import { ApiNextCursor } from '@taxchain/platform';
import { EXAMPLE } from '../../common/examples';
import { ANOMALY_STATUSES, AUDIT_ANOMALY_TYPES, SEVERITIES, type Anomaly } from '../anomaly';

export class AnomalyDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.anomalyId })
  id!: string;

  @ApiProperty({ enum: AUDIT_ANOMALY_TYPES, example: 'repeated_claim_on_reimbursed' })
  type!: string;

  @ApiProperty({ enum: SEVERITIES, example: 'high' })
  severity!: string;

  @ApiProperty({
    example: `claim attempt on ${EXAMPLE.invoiceNumber}, already reimbursed, by company:${EXAMPLE.buyerTaxId}`,
  })
  summary!: string;

  @ApiProperty({
    description:
      'The entries involved (chain, seq, kind, subject, entryHash) and what was measured',
    example: {
      entries: [
        {
          chain: 2,
          seq: 1077,
          kind: 'reimbursement.refused',
          subject: EXAMPLE.invoiceNumber,
          entryHash: EXAMPLE.entryHash,
        },
      ],
      reason: 'already-reimbursed',
    },
  })
  evidence!: Record<string, unknown>;

  @ApiProperty({ enum: ANOMALY_STATUSES, example: 'open' })
  status!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Credential id of the official who decided',
  })
  decidedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  decidedAt!: string | null;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.at })
  detectedAt!: string;

  static from(anomaly: Anomaly): AnomalyDto {
    return {
      ...anomaly,
      decidedAt: anomaly.decidedAt?.toISOString() ?? null,
      detectedAt: anomaly.detectedAt.toISOString(),
    };
  }
}

export class AnomalyPageDto {
  @ApiProperty({ type: [AnomalyDto] })
  items!: AnomalyDto[];

  @ApiNextCursor()
  nextCursor!: string | null;

  static from(page: { items: Anomaly[]; nextCursor: string | null }): AnomalyPageDto {
    return { items: page.items.map((a) => AnomalyDto.from(a)), nextCursor: page.nextCursor };
  }
}
