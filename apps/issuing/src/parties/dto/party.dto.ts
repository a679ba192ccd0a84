import { ApiProperty } from '@nestjs/swagger';
import { ApiNextCursor } from '@taxchain/platform/http/page-query';
import {
  PARTY_ROLES,
  type Page,
  type Party,
  type PartyRole,
} from '@taxchain/platform/access/store';
import { EXAMPLE } from './examples';

export class PartyDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.partyId })
  id!: string;

  @ApiProperty({ example: EXAMPLE.merchantTaxId })
  taxId!: string;

  @ApiProperty({ example: 'Fuzhou Harbour Tea Trading Co., Ltd.' })
  name!: string;

  @ApiProperty({ enum: PARTY_ROLES, isArray: true, example: ['merchant'] })
  roles!: PartyRole[];

  @ApiProperty({ format: 'date-time', example: EXAMPLE.createdAt })
  createdAt!: string;

  static from(party: Party): PartyDto {
    const { id, taxId, name, roles, createdAt } = party;
    return { id, taxId, name, roles, createdAt: createdAt.toISOString() };
  }
}

export class PartyPageDto {
  @ApiProperty({ type: [PartyDto] })
  items!: PartyDto[];

  @ApiNextCursor()
  nextCursor!: string | null;

  static from(page: Page<Party>): PartyPageDto {
    return { items: page.items.map((party) => PartyDto.from(party)), nextCursor: page.nextCursor };
  }
}
