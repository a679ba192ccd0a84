import { ApiProperty } from '@nestjs/swagger';
import type { CompanyDeliveryHealth } from '@taxchain/contracts';

const TAX_ID = '91310115MA1H2K3L0C';

export class CompanyDeliveryHealthDto implements CompanyDeliveryHealth {
  @ApiProperty({ example: TAX_ID })
  companyTaxId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The company's name on its latest invoice; null when no invoice names it yet.",
    example: '上海浦江物流有限公司',
  })
  name!: string | null;

  @ApiProperty({ description: 'Endpoints the company registered.', example: 2 })
  endpoints!: number;

  @ApiProperty({ description: 'Of them, disabled after failing too long.', example: 1 })
  disabledEndpoints!: number;

  @ApiProperty({ description: 'Messages its receivers acknowledged.', example: 1824 })
  delivered!: number;

  @ApiProperty({ description: 'Messages on their way to answering endpoints.', example: 0 })
  queued!: number;

  @ApiProperty({
    description: 'Messages waiting to be retried: their endpoint failed its last attempt.',
    example: 3,
  })
  retrying!: number;

  @ApiProperty({
    description: 'Messages held on disabled endpoints until the company enables them.',
    example: 41,
  })
  disabled!: number;
}

export class DeliveryHealthDto {
  @ApiProperty({
    type: [CompanyDeliveryHealthDto],
    description:
      'One item per company with a webhook endpoint, the most troubled first (disabled, then ' +
      'retrying, then queued messages), then by tax ID.',
  })
  items!: CompanyDeliveryHealthDto[];
}
