import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import type { VoidDocument } from '@taxchain/contracts';
import { NestedObject } from '@taxchain/platform';
import { EXAMPLE } from '../../common/examples';

export class VoidDocumentDto implements VoidDocument {
  @ApiProperty({ enum: ['taxchain.void.v1'], example: 'taxchain.void.v1' })
  @IsIn(['taxchain.void.v1'])
  schema!: 'taxchain.void.v1';

  @ApiProperty({ example: EXAMPLE.invoiceNumber })
  @Matches(/^\d{20}$/, { message: 'invoiceNumber must be 20 digits' })
  invoiceNumber!: string;

  @ApiProperty({ example: EXAMPLE.sellerTaxId })
  @IsString()
  @Length(1, 64)
  sellerTaxId!: string;

  @ApiProperty({ example: 'issued to the wrong buyer' })
  @IsString()
  @Length(1, 200)
  reason!: string;

  @ApiProperty({ example: EXAMPLE.keyId })
  @Matches(/^[0-9a-f]{32}$/, { message: 'keyId must be 32 lowercase hex characters' })
  keyId!: string;
}

export class SignedVoidDto {
  @ApiProperty({ type: VoidDocumentDto })
  @NestedObject(() => VoidDocumentDto)
  document!: VoidDocumentDto;

  @ApiProperty({
    description: 'ed25519 signature (128 lowercase hex) over the canonical JSON of document',
    example: EXAMPLE.voidSignature,
  })
  @Matches(/^[0-9a-f]{128}$/, { message: 'signature must be 128 lowercase hex characters' })
  signature!: string;
}
