import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthorityKeys, toHex } from '@taxchain/ledger';
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

class AuthorityDto {
  @ApiProperty({ type: [AuthorityKeyDto] })
  keys!: AuthorityKeyDto[];
}

@ApiTags('authority')
@Controller('authority')
export class AuthorityController {
  constructor(private readonly authority: AuthorityKeys) {}

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
    return {
      keys: [...this.authority.trusted].map(([keyId, key]) => ({
        keyId,
        publicKey: toHex(key),
        current: keyId === current,
      })),
    };
  }
}
