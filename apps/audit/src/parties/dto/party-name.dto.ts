import { ApiProperty } from '@nestjs/swagger';

export class PartyNameDto {
  @ApiProperty({ example: '91350100M000100Y43' })
  taxId!: string;

  @ApiProperty({ description: 'As on its latest invoice', example: '上海浦东茶叶有限公司' })
  name!: string;
}

export class PartyNamesDto {
  @ApiProperty({ type: [PartyNameDto], description: 'Tax IDs no invoice names are left out' })
  items!: PartyNameDto[];
}
