import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsString,
  Length,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import {
  CREDENTIAL_ROLES,
  isPartyRole,
  type CredentialRole,
} from '@taxchain/platform/access/store';
import { EXAMPLE } from './examples';

/** Merchant and company credentials act for a party, named by tax ID; the others must not. */
function TaxIdWhenActingForParty(): PropertyDecorator {
  const roleOf = (args: ValidationArguments) => String((args.object as IssueCredentialDto).role);
  return ValidateBy({
    name: 'taxIdWhenActingForParty',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        args && isPartyRole(roleOf(args))
          ? typeof value === 'string' && value.length >= 1 && value.length <= 64
          : value === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        args && isPartyRole(roleOf(args))
          ? `taxId is required for a ${roleOf(args)} credential`
          : 'taxId must be absent: only merchant and company credentials act for a party',
    },
  });
}

export class IssueCredentialDto {
  @ApiProperty({ enum: CREDENTIAL_ROLES, example: 'merchant' })
  @IsIn(CREDENTIAL_ROLES)
  role!: CredentialRole;

  @ApiPropertyOptional({
    description: 'Tax ID of the registered party: required for merchant and company, else absent.',
    example: EXAMPLE.merchantTaxId,
  })
  @TaxIdWhenActingForParty()
  taxId?: string;

  @ApiPropertyOptional({
    description:
      'Who or what holds it: required for admin and official; defaults to the party name.',
    example: 'Till 3, Wuyi Road shop',
  })
  @ValidateIf((dto: IssueCredentialDto) => !isPartyRole(dto.role) || dto.label !== undefined)
  @IsString()
  @Length(1, 200)
  label?: string;
}
