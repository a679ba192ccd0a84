import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  AuthorityKeys,
  LedgerSettings,
  chainOrigin,
  formatVerifierKey,
  toHex,
} from '@taxchain/ledger';
import { Public } from '@taxchain/platform';
import { EXAMPLE } from '../common/examples';

class AuthorityKeyDto {
  @ApiProperty({ example: EXAMPLE.keyId })
  keyId!: string;

  @ApiProperty({ description: 'ed25519 public key, hex', example: EXAMPLE.publicKey })
  publicKey!: string;

  @ApiProperty({
    description: 'The key signing new checkpoints (others are retired)',
    example: true,
  })
  current!: boolean;
}

class AuthorityLogDto {
  @ApiProperty({ example: 0 })
  chain!: number;

  @ApiProperty({
    description: "The chain's log origin: the first line of its checkpoint notes",
    example: EXAMPLE.origin,
  })
  origin!: string;

  @ApiProperty({
    description:
      'C2SP verifier keys (`<origin>+<key ID>+<base64(0x01 || key)>`) of every key above, current first',
    example: [EXAMPLE.vkey],
  })
  vkeys!: string[];
}

class WitnessPolicyDto {
  @ApiProperty({
    description:
      'Vkeys of the witnesses whose cosignatures verifiers here trust (docs/witness.md, Key format)',
    example: [EXAMPLE.witnessVkey],
  })
  witnesses!: string[];

  @ApiProperty({
    description: 'How many of them must cosign a checkpoint for a proof bundle to verify',
    example: 1,
  })
  quorum!: number;
}

class AuthorityDto {
  @ApiProperty({ type: [AuthorityKeyDto] })
  keys!: AuthorityKeyDto[];

  @ApiProperty({
    type: [AuthorityLogDto],
    description:
      'One transparency log per chain, for checking checkpoint notes (`GET /checkpoints/{chain}`)',
  })
  logs!: AuthorityLogDto[];

  @ApiProperty({
    type: WitnessPolicyDto,
    required: false,
    description:
      'The witness policy (VERIFY_WITNESSES, VERIFY_WITNESS_QUORUM) the dashboard verifies proof bundles under (docs/spec/proof-bundles.md, Witness quorum); absent when none is set',
  })
  witnessPolicy?: WitnessPolicyDto;
}

@ApiTags('authority')
@Controller('authority')
export class AuthorityController {
  constructor(
    private readonly authority: AuthorityKeys,
    private readonly settings: LedgerSettings,
  ) {}

  @Get()
  @Public()
  // Public keys only; caching is safe, and a rotation shows within the hour.
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({
    summary: "The tax authority's public keys, for checking proofs offline or in the browser",
  })
  @ApiOkResponse({ type: AuthorityDto })
  keys(): AuthorityDto {
    const current = this.authority.current.keyId;
    const policy = this.settings.verifyPolicy;
    return {
      keys: [...this.authority.trusted].map(([keyId, key]) => ({
        keyId,
        publicKey: toHex(key),
        current: keyId === current,
      })),
      logs: Array.from({ length: this.settings.chains }, (_, chain) => {
        const origin = chainOrigin(this.settings.originPrefix, chain);
        const vkeys = this.authority.noteVerifierKeys(origin).map(formatVerifierKey);
        return { chain, origin, vkeys };
      }),
      witnessPolicy: policy && {
        witnesses: policy.witnesses.map(formatVerifierKey),
        quorum: policy.quorum,
      },
    };
  }
}
