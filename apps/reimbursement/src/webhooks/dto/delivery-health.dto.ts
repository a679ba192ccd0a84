import { ApiProperty } from '@nestjs/swagger';
import type { CompanyDeliveryHealth, DeliveryHealthList } from '@taxchain/contracts';
import { EXAMPLE } from './examples';

export class CompanyDeliveryHealthDto implements CompanyDeliveryHealth {
  @ApiProperty({ example: EXAMPLE.taxId })
  companyTaxId!: string;

  @ApiProperty({ description: 'Registered endpoints.', example: 2 })
  endpoints!: number;

  @ApiProperty({ description: 'Endpoints disabled after failing too long.', example: 1 })
  disabledEndpoints!: number;

  @ApiProperty({ description: 'Messages acknowledged by a 2xx.', example: 1824 })
  delivered!: number;

  @ApiProperty({
    description: 'Not delivered yet, on an enabled endpoint that answers: on their way.',
    example: 0,
  })
  queued!: number;

  @ApiProperty({
    description: 'Not delivered yet, on an enabled endpoint whose last attempt failed.',
    example: 3,
  })
  retrying!: number;

  @ApiProperty({
    description: 'Held on a disabled endpoint until the company enables it again.',
    example: 41,
  })
  disabled!: number;
}

export class DeliveryHealthListDto implements DeliveryHealthList {
  @ApiProperty({
    type: [CompanyDeliveryHealthDto],
    description: 'One item per company with an endpoint, by tax ID.',
  })
  items!: CompanyDeliveryHealthDto[];
}
