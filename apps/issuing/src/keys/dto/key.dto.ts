import { ApiProperty } from '@nestjs/swagger';
import { toHex } from '@taxchain/ledger';
import { EXAMPLE } from '../../common/examples';
import type { MerchantKey } from '../keys.repository';

export class KeyDto {
  @ApiProperty({ description: 'First 16 bytes of SHA-256(publicKey), hex', example: EXAMPLE.keyId })
  keyId!: string;

  @ApiProperty({ example: EXAMPLE.sellerTaxId })
  taxId!: string;

  @ApiProperty({ example: EXAMPLE.publicKey })
  publicKey!: string;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.at })
  registeredAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  revokedAt!: string | null;

  static from(key: MerchantKey): KeyDto {
    return {
      keyId: key.keyId,
      taxId: key.taxId,
      publicKey: toHex(key.publicKey),
      registeredAt: key.registeredAt.toISOString(),
      revokedAt: key.revokedAt?.toISOString() ?? null,
    };
  }
}

export class KeyListDto {
  @ApiProperty({ type: [KeyDto] })
  items!: KeyDto[];
}
