import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, type Caller, CurrentCaller, Roles } from '@taxchain/platform';
import type { KeyDirectoryAnswer } from '@taxchain/ledger';
import { EXAMPLE } from '../../common/examples';
import { KeyDirectoryDto } from './key-directory.dto';
import { MerchantKeyDirectory } from './merchant-key-directory';
import { TaxIdPipe } from './tax-id.pipe';

@ApiTags('keys')
@Roles('merchant', 'company', 'official')
@Controller('merchants')
export class KeyDirectoryController {
  constructor(private readonly directory: MerchantKeyDirectory) {}

  @Get(':taxId/keys')
  @ApiOperation({
    summary: "A merchant's keys with the ledger entries that registered and revoked them",
    description: [
      "For buyers and officials, and for a merchant its own: every key of the merchant with its validity, as the ledger's",
      'key.registered and key.revoked entries, each with its inclusion proof against the',
      "authority-signed checkpoint of its chain. Check the answer offline with the authority's",
      'public key alone (`taxchain keys <taxId>`, or verifyKeyDirectory), then any signature of',
      'the merchant on a ledger entry against it: the key it names must have been registered no',
      'later and revoked no earlier than the ledger recorded the entry.',
      'Format and verification: docs/spec/key-directory.md.',
    ].join('\n'),
  })
  @ApiParam({ name: 'taxId', example: EXAMPLE.sellerTaxId, description: "The merchant's tax ID" })
  @ApiOkResponse({ type: KeyDirectoryDto })
  @ApiProblemResponse(403, [
    {
      name: 'others-key-directory',
      code: 'others-key-directory',
      title: "Another merchant's key directory",
      detail: `A merchant reads its own key directory only, not that of ${EXAMPLE.sellerTaxId}.`,
    },
  ])
  @ApiProblemResponse(404, [
    {
      code: 'merchant-not-found',
      title: 'Merchant not found',
      detail: `No merchant with tax ID ${EXAMPLE.sellerTaxId} is registered.`,
    },
  ])
  keys(
    @CurrentCaller() caller: Caller,
    @Param('taxId', TaxIdPipe) taxId: string,
  ): Promise<KeyDirectoryAnswer> {
    return this.directory.readBy(caller, taxId);
  }
}
