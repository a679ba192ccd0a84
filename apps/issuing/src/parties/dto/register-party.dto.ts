import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsString, Length } from 'class-validator';
import { usccRules } from '@taxchain/contracts';
import { PARTY_ROLES, type PartyRole } from '@taxchain/platform/access/store';
import { EXAMPLE } from './examples';

export class RegisterPartyDto {
  @ApiProperty({
    description: `${usccRules()} A deployment that sets TAX_ID_PATTERN takes what that pattern matches instead.`,
    example: EXAMPLE.merchantTaxId,
  })
  @IsString()
  @Length(1, 64)
  taxId!: string;

  @ApiProperty({ example: 'Fuzhou Harbour Tea Trading Co., Ltd.' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({
    enum: PARTY_ROLES,
    isArray: true,
    description: 'merchant: issues invoices; company: reimburses them. A party may be both.',
    example: ['merchant'],
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(PARTY_ROLES.length)
  @ArrayUnique()
  @IsIn(PARTY_ROLES, { each: true })
  roles!: PartyRole[];
}
