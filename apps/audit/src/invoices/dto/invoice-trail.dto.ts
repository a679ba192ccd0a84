import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LedgerEntry, ProofBundle, SubjectProof } from '@taxchain/ledger';
import { EXAMPLE } from '../../common/examples';

class TrailEntryDto {
  @ApiProperty({
    description: 'The ledger entry as recorded (payload is its canonical JSON text)',
    example: {
      chain: 2,
      seq: 1041,
      kind: 'invoice.issued',
      subject: EXAMPLE.invoiceNumber,
      actor: `merchant:${EXAMPLE.sellerTaxId}`,
      entryHash: EXAMPLE.entryHash,
      recordedAt: EXAMPLE.at,
    },
  })
  entry!: LedgerEntry;

  @ApiPropertyOptional({
    description:
      'Inclusion proof against the newest signed checkpoint, checkable offline with the authority key (GET /authority); absent until a checkpoint covers the entry.',
  })
  proof?: ProofBundle;
}

export class InvoiceTrailDto {
  @ApiProperty({ example: EXAMPLE.invoiceNumber })
  invoiceNumber!: string;

  @ApiProperty({ type: [TrailEntryDto] })
  entries!: TrailEntryDto[];

  @ApiProperty({
    description: 'True while the newest entries wait for a checkpoint',
    example: false,
  })
  pending!: boolean;

  static from(proof: SubjectProof): InvoiceTrailDto {
    return { invoiceNumber: proof.subject, entries: proof.entries, pending: proof.pending };
  }
}
