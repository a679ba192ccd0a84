import { ApiProperty } from '@nestjs/swagger';
import type { SubjectProof } from '@taxchain/ledger';
import { SIGNATURE_VERDICTS, type SignatureVerdict } from '../merchant-signatures';
import type { InvoiceVerification } from '../verify-invoice.service';
import { EXAMPLE } from './examples';
import { CHAIN_VERDICTS, type ChainVerdict } from '../chain-verdict';
import { InvoiceSummaryDto } from './invoice-summary.dto';

const PROOF_EXAMPLE = {
  subject: EXAMPLE.invoiceNumber,
  pending: false,
  entries: [
    {
      entry: {
        chain: 3,
        seq: 41,
        kind: 'invoice.issued',
        subject: EXAMPLE.invoiceNumber,
        entryHash: EXAMPLE.entryHash,
        '…': 'every stored field of the entry',
      },
      proof: {
        index: 41,
        inclusion: ['5c1d…', 'e07a…'],
        checkpoint: { chain: 3, size: 64, root: '…', signature: '…' },
      },
    },
  ],
};

export class InvoiceVerificationDto extends InvoiceSummaryDto {
  @ApiProperty({
    enum: SIGNATURE_VERDICTS,
    description:
      "The merchant's ed25519 signature on the issued invoice, checked against the keys the ledger records. An invoice recorded before its key was revoked stays valid; key-revoked: recorded after the revocation.",
    example: 'valid',
  })
  merchantSignature!: SignatureVerdict;

  @ApiProperty({
    enum: CHAIN_VERDICTS,
    description:
      'Whether every ledger entry of the invoice is intact and proven under a signed checkpoint.',
    example: 'valid',
  })
  chain!: ChainVerdict['chain'];

  @ApiProperty({
    required: false,
    description:
      'Why the chain is invalid, at which seq; or, when `pending` under the witness policy (VERIFY_WITNESSES), which checkpoint lacks the quorum of trusted cosignatures (`below-quorum`).',
    example: 'seq 41: entry-hash-mismatch',
  })
  chainProblem?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "Every ledger entry about the invoice with its inclusion proof against the newest signed checkpoint (RFC 9162), checkable offline with the tax authority's public key; `pending` while the newest entries await a checkpoint.",
    example: PROOF_EXAMPLE,
  })
  proof!: SubjectProof;

  static fromVerification(verification: InvoiceVerification): InvoiceVerificationDto {
    return {
      ...InvoiceSummaryDto.from(verification.invoice),
      merchantSignature: verification.merchantSignature,
      ...verification.chain,
      proof: verification.proof,
    };
  }
}
