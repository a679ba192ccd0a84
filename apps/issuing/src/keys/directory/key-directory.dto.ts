import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE } from '../../common/examples';

const bundleOf = (kind: string, seq: number) => ({
  entry: {
    chain: 2,
    seq,
    kind,
    subject: `key:${EXAMPLE.keyId}`,
    actor: `merchant:${EXAMPLE.sellerTaxId}`,
    recordedAt: EXAMPLE.at,
    '…': 'every hashed field of the entry, its entryHash and its canonical payload text',
  },
  checkpoint: { chain: 2, size: 64, root: '…', keyId: '…', signature: '…' },
  index: seq,
  inclusion: ['5c1d…', 'e07a…'],
});

const PROOF_BUNDLE = {
  type: 'object',
  additionalProperties: true,
  description:
    'A proof bundle (docs/spec/proof-bundles.md): the entry, the authority-signed checkpoint of its chain and the RFC 9162 inclusion proof.',
} as const;

/** One key of the directory: docs/spec/key-directory.md. */
export class KeyDirectoryKeyDto {
  @ApiProperty({ description: 'First 16 bytes of SHA-256(publicKey), hex', example: EXAMPLE.keyId })
  keyId!: string;

  @ApiProperty({ description: 'ed25519 public key, hex', example: EXAMPLE.publicKey })
  publicKey!: string;

  @ApiProperty({
    enum: ['active', 'revoked'],
    description: 'revoked exactly when `revoked` proves a revocation',
    example: 'revoked',
  })
  status!: 'active' | 'revoked';

  @ApiProperty({
    ...PROOF_BUNDLE,
    description: `The key.registered entry (the merchant's key document, signed by the key itself). ${PROOF_BUNDLE.description}`,
    example: bundleOf('key.registered', 17),
  })
  registered!: Record<string, unknown>;

  @ApiProperty({
    ...PROOF_BUNDLE,
    nullable: true,
    description: `The key.revoked entry, or null while no checkpoint covers a revocation. ${PROOF_BUNDLE.description}`,
    example: bundleOf('key.revoked', 41),
  })
  revoked!: Record<string, unknown> | null;
}

export class KeyDirectoryDto {
  @ApiProperty({ example: EXAMPLE.sellerTaxId })
  taxId!: string;

  @ApiProperty({
    type: [KeyDirectoryKeyDto],
    description:
      'Every key whose registration a checkpoint covers, newest first, revoked ones included',
  })
  keys!: KeyDirectoryKeyDto[];

  @ApiProperty({
    description:
      'True while a key entry of this merchant awaits the next checkpoint (a new key is left out, a new revocation not shown yet): ask again',
    example: false,
  })
  pending!: boolean;
}
