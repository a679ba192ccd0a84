import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsUrl, MaxLength } from 'class-validator';
import { WEBHOOK_EVENT_TYPES } from '../webhook-events';
import { EXAMPLE } from './examples';

export class CreateEndpointDto {
  @ApiProperty({
    description:
      'Where deliveries are POSTed. https, on a public address: URLs resolving to private, ' +
      'loopback or link-local addresses are refused (422 webhook-url-refused).',
    example: EXAMPLE.url,
  })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http or https URL' },
  )
  @MaxLength(2000)
  url!: string;

  @ApiProperty({
    description: 'The events this endpoint receives.',
    enum: WEBHOOK_EVENT_TYPES,
    isArray: true,
    example: ['invoice.issued', 'invoice.voided', 'invoice.credited'],
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes!: string[];
}
