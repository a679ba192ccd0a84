import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE } from '../../common/examples';

/**
 * The ledger's SubjectProof as it is: entries, each with the RFC 6962 inclusion proof against a
 * checkpoint signed by the tax authority once one covers it. Check it offline with the CLI.
 */
export class SubjectProofDto {
  @ApiProperty({ example: EXAMPLE.invoiceNumber })
  subject!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      '{ entry, proof? } in chain order; proof is absent until a checkpoint covers the entry',
  })
  entries!: Array<Record<string, unknown>>;

  @ApiProperty({
    description: 'True until the next checkpoint covers every entry; poll again',
    example: false,
  })
  pending!: boolean;
}
