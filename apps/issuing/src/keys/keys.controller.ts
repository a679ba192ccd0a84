import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblemResponse, CurrentCaller, Roles, type Caller } from '@taxchain/platform';
import { EXAMPLE } from '../common/examples';
import { merchantTaxId } from '../common/merchant-tax-id';
import { KeyDto, KeyListDto } from './dto/key.dto';
import { RegisterKeyDto } from './dto/register-key.dto';
import { RevokeKeyDto } from './dto/revoke-key.dto';
import { KeysService } from './keys.service';

@ApiTags('keys')
@Roles('merchant')
@Controller('keys')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post()
  @ApiOperation({
    summary: 'Register an ed25519 signing key (rotation: register the new one, revoke the old)',
  })
  @ApiCreatedResponse({ type: KeyDto, description: 'Registered' })
  @ApiOkResponse({ type: KeyDto, description: 'Already registered to you: unchanged' })
  @ApiProblemResponse(409, [
    {
      code: 'key-taken',
      title: 'Key registered to another merchant',
      detail: `Key ${EXAMPLE.keyId} is registered to another merchant.`,
    },
  ])
  @ApiProblemResponse(422, [
    {
      code: 'weak-key',
      title: 'Weak public key',
      detail: 'The public key is refused: small-order.',
    },
    {
      code: 'bad-signature',
      title: 'Signature does not verify',
      detail:
        'The signature does not verify over the canonical JSON of the key document with the key it names.',
    },
  ])
  async register(
    @CurrentCaller() caller: Caller,
    @Body() body: RegisterKeyDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<KeyDto> {
    const { key, created } = await this.keys.register(merchantTaxId(caller), body);
    response.status(created ? 201 : 200);
    return KeyDto.from(key);
  }

  @Get()
  @ApiOperation({ summary: 'Your keys, newest first, revoked ones included' })
  @ApiOkResponse({ type: KeyListDto })
  async list(@CurrentCaller() caller: Caller): Promise<KeyListDto> {
    return { items: (await this.keys.list(merchantTaxId(caller))).map((k) => KeyDto.from(k)) };
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke one of your keys: invoices signed with it are refused from now on',
  })
  @ApiParam({ name: 'keyId', example: EXAMPLE.keyId })
  @ApiOkResponse({ type: KeyDto })
  @ApiProblemResponse(404, [
    { code: 'key-not-found', title: 'Key not found', detail: `You have no key ${EXAMPLE.keyId}.` },
  ])
  @ApiProblemResponse(409, [
    {
      code: 'key-already-revoked',
      title: 'Key already revoked',
      detail: `Key ${EXAMPLE.keyId} is revoked.`,
    },
  ])
  async revoke(
    @CurrentCaller() caller: Caller,
    @Param('keyId') keyId: string,
    @Body() body: RevokeKeyDto,
  ): Promise<KeyDto> {
    const reason = body.reason ?? 'revoked by the merchant';
    return KeyDto.from(await this.keys.revoke(merchantTaxId(caller), keyId, reason));
  }
}
