import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SIGNATURE_VERDICTS, type SignatureVerdict } from '../merchant-signatures';
import type { BatchOutcome } from '../verify-invoice.service';
import { EXAMPLE } from './examples';
import { InvoiceSummaryDto } from './invoice-summary.dto';

const OUTCOMES = ['verified', 'unknown', 'not-found', 'invalid'] as const;

export class VerifyBatchItemResultDto {
  @ApiProperty({ example: EXAMPLE.invoiceNumber })
  invoiceNumber!: string;

  @ApiProperty({
    enum: OUTCOMES,
    description:
      'verified: number and check code match, the entry recording the document (invoice.issued, or invoice.credited for a credit note, found by its own number) recomputes to its payload and entry hashes, and the invoice shown is what it says; unknown: the ledger records it but the feed has not delivered it here yet, retry shortly; not-found: final, the ledger records no such number with this check code; invalid: the ledger entry or the invoice shown is not what was hashed (problem names the field; nothing else is shown).',
    example: 'verified',
  })
  outcome!: (typeof OUTCOMES)[number];

  @ApiPropertyOptional({
    description: 'Only when invalid: which field or hash does not match, and at which seq.',
    example: "gross differs from the ledger's invoice.issued (seq 41)",
  })
  problem?: string;

  @ApiPropertyOptional({ type: InvoiceSummaryDto, description: 'Only when verified.' })
  invoice?: InvoiceSummaryDto;

  @ApiPropertyOptional({
    enum: SIGNATURE_VERDICTS,
    description:
      "Only when verified: the merchant's signature on the issued invoice; key-revoked when the ledger recorded it after its key was revoked.",
    example: 'valid',
  })
  merchantSignature?: SignatureVerdict;
}

export class VerifyBatchResultDto {
  @ApiProperty({ type: [VerifyBatchItemResultDto], description: 'In the order asked.' })
  results!: VerifyBatchItemResultDto[];

  static from(outcomes: BatchOutcome[]): VerifyBatchResultDto {
    return {
      results: outcomes.map((o) =>
        o.outcome === 'verified'
          ? {
              invoiceNumber: o.invoiceNumber,
              outcome: o.outcome,
              invoice: InvoiceSummaryDto.from(o.invoice),
              merchantSignature: o.merchantSignature,
            }
          : o.outcome === 'invalid'
            ? { invoiceNumber: o.invoiceNumber, outcome: o.outcome, problem: o.problem }
            : { invoiceNumber: o.invoiceNumber, outcome: o.outcome },
      ),
    };
  }
}
