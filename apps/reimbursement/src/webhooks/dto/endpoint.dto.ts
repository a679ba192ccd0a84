import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES } from '../webhook-events';
import type { WebhookEndpoint } from '../webhook-endpoint';
import { EXAMPLE } from './examples';

export class EndpointDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.endpointId })
  endpointId!: string;

  @ApiProperty({ example: EXAMPLE.url })
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['invoice.issued'] })
  eventTypes!: string[];

  @ApiProperty({
    enum: ['enabled', 'disabled'],
    description:
      'disabled after failing for WEBHOOKS_DISABLE_AFTER_MS (24 h by default) without one success; ' +
      'messages keep being queued, and POST …/enable sends them.',
    example: 'enabled',
  })
  status!: 'enabled' | 'disabled';

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why it was disabled.' })
  disabledReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  disabledAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'Since when every attempt has failed; null while deliveries succeed.',
  })
  failingSince!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  nextAttemptAt!: string | null;

  @ApiProperty({ description: 'Consecutive failed attempts.', example: 0 })
  failedAttempts!: number;

  @ApiProperty({ description: 'Messages queued and not yet delivered.', example: 0 })
  pending!: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T08:30:00.000Z' })
  createdAt!: string;

  static from(e: WebhookEndpoint): EndpointDto {
    return {
      endpointId: e.endpointId,
      url: e.url,
      eventTypes: e.eventTypes,
      status: e.status,
      disabledReason: e.disabledReason,
      disabledAt: e.disabledAt?.toISOString() ?? null,
      failingSince: e.failingSince?.toISOString() ?? null,
      nextAttemptAt: e.nextAttemptAt?.toISOString() ?? null,
      failedAttempts: e.failedAttempts,
      pending: e.pending,
      createdAt: e.createdAt.toISOString(),
    };
  }
}

export class EndpointListDto {
  @ApiProperty({ type: [EndpointDto] })
  endpoints!: EndpointDto[];
}
