import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsInstant, OptionalMember, decimalInteger } from '@taxchain/platform';
import type { WebhookDelivery } from '../webhook-endpoint';
import { EXAMPLE } from './examples';

export class DeliveryDto {
  @ApiProperty({ description: 'Position in the log; page with ?after=.', example: '1042' })
  deliveryId!: string;

  @ApiProperty({
    description: 'The webhook-id header, the same on every attempt.',
    example: EXAMPLE.messageId,
  })
  messageId!: string;

  @ApiProperty({ example: 'invoice.issued' })
  eventType!: string;

  @ApiProperty({
    description: 'The exact body sent (and signed).',
    example: '{"type":"invoice.issued","timestamp":"2026-11-23T08:30:00.000Z","data":{}}',
  })
  body!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T08:30:00.000Z' })
  createdAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-23T08:30:00.120Z',
  })
  deliveredAt!: string | null;

  @ApiProperty({ example: 1 })
  attempts!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-23T08:30:00.120Z',
  })
  lastAttemptAt!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 204 })
  lastStatus!: number | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  lastError!: string | null;

  static from(d: WebhookDelivery): DeliveryDto {
    return {
      ...d,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    };
  }
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] })
  deliveries!: DeliveryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?after= for the next page.',
    example: null,
  })
  nextAfter!: string | null;
}

export class DeliveryLogQueryDto {
  @ApiPropertyOptional({ description: 'Deliveries after this deliveryId.', example: '0' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be a deliveryId' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100, example: 100 })
  @IsOptional()
  @Transform(({ value }) => decimalInteger(value))
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class ReplayDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Send again every message queued at or after this time.',
    example: '2026-11-23T08:00:00.000Z',
  })
  @OptionalMember()
  @IsInstant({ message: 'since must be an ISO 8601 date-time' })
  since?: string;

  @ApiPropertyOptional({
    description: 'Send again this message and every one queued after it.',
    example: EXAMPLE.messageId,
  })
  @OptionalMember()
  @Matches(/^msg_[A-Za-z0-9_-]{1,80}$/, { message: 'messageId must be a webhook-id (msg_…)' })
  messageId?: string;
}

export class ReplayResultDto {
  @ApiProperty({ description: 'Messages queued again.', example: 3 })
  requeued!: number;
}

export class TestEventDto {
  @ApiProperty({ example: 'msg_test_4c1b9e3f8a6d' })
  messageId!: string;
}
