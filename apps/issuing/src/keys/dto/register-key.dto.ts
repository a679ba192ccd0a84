import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { EXAMPLE } from '../../common/examples';

export class RegisterKeyDto {
  @ApiProperty({ description: 'ed25519 public key, 64 lowercase hex', example: EXAMPLE.publicKey })
  @Matches(/^[0-9a-f]{64}$/, { message: 'publicKey must be 64 lowercase hex characters' })
  publicKey!: string;

  @ApiProperty({
    description:
      'ed25519 signature (128 lowercase hex) by this key over the canonical JSON (RFC 8785) of ' +
      '{ schema: "taxchain.key.v1", taxId, keyId, publicKey }: proof that you hold the secret key.',
    example: EXAMPLE.keySignature,
  })
  @Matches(/^[0-9a-f]{128}$/, { message: 'signature must be 128 lowercase hex characters' })
  signature!: string;
}
