import { ApiProperty } from '@nestjs/swagger';
import { ApiNextCursor } from '@taxchain/platform';
import type { Page } from '@taxchain/platform';
import { CLAIM_STATES, type Claim, type ClaimState } from '../claim';
import { EXAMPLE } from './examples';

export class ClaimDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.claimId })
  claimId!: string;

  @ApiProperty({ example: EXAMPLE.invoiceNumber })
  invoiceNumber!: string;

  @ApiProperty({ example: EXAMPLE.buyerTaxId })
  buyerTaxId!: string;

  @ApiProperty({ description: 'Minor units, an integer string.', example: '11300' })
  amount!: string;

  @ApiProperty({ type: String, nullable: true, example: 'EXP-2026-11-0042' })
  expenseReference!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Hex, 32 bytes; only with an expenseReference, and shown only to you. The ledger entries of the claim carry expenseCommitment = hex(HMAC-SHA256(key = salt, message = UTF-8 bytes of expenseReference)) instead of the reference (docs/spec/documents.md), so the seller sees neither in its proofs; this salt lets you show anyone that the ledger committed to your reference.',
    example: '4f'.repeat(32),
  })
  expenseSalt!: string | null;

  @ApiProperty({
    enum: CLAIM_STATES,
    description: 'active holds the invoice; completed is final; released frees it again.',
    example: 'active',
  })
  state!: ClaimState;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.createdAt })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.createdAt })
  updatedAt!: string;

  static from(claim: Claim): ClaimDto {
    return {
      claimId: claim.claimId,
      invoiceNumber: claim.invoiceNumber,
      buyerTaxId: claim.buyerTaxId,
      amount: claim.amount.toString(),
      expenseReference: claim.expenseReference,
      expenseSalt: claim.expenseSalt,
      state: claim.state,
      createdAt: claim.createdAt.toISOString(),
      updatedAt: claim.updatedAt.toISOString(),
    };
  }
}

export class ClaimPageDto {
  @ApiProperty({ type: [ClaimDto] })
  items!: ClaimDto[];

  @ApiNextCursor()
  nextCursor!: string | null;

  static from(page: Page<Claim>): ClaimPageDto {
    return { items: page.items.map((claim) => ClaimDto.from(claim)), nextCursor: page.nextCursor };
  }
}
