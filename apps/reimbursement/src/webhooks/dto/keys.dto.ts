import { ApiProperty } from '@nestjs/swagger';
import { publishedPublicKey } from '../webhook-signature';
import type { WebhookKey } from '../webhook-keys.repository';
import { EXAMPLE } from './examples';

export class PublishedKeyDto {
  @ApiProperty({ example: EXAMPLE.keyId })
  keyId!: string;

  @ApiProperty({
    description: 'Standard Webhooks ed25519 public key: `whpk_` and the raw 32 bytes in base64.',
    example: EXAMPLE.publicKey,
  })
  publicKey!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T08:30:00.000Z' })
  createdAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'Set once rotated out; a retired key still signs (beside the new one) for 24 h.',
  })
  retiredAt!: string | null;

  static from(k: WebhookKey): PublishedKeyDto {
    return {
      keyId: k.keyId,
      publicKey: publishedPublicKey(k.publicKey),
      createdAt: k.createdAt.toISOString(),
      retiredAt: k.retiredAt?.toISOString() ?? null,
    };
  }
}

export class PublishedKeysDto {
  @ApiProperty({ example: EXAMPLE.taxId })
  taxId!: string;

  @ApiProperty({ type: [PublishedKeyDto], description: 'The current key first.' })
  keys!: PublishedKeyDto[];
}
