import { ApiProperty } from '@nestjs/swagger';
import type { PublicCheckResult, PublicStatus } from '../public-facts';

export class PublicCheckResultDto implements PublicCheckResult {
  @ApiProperty({
    enum: ['valid', 'voided', 'credited', 'invalid'],
    description:
      "valid: issued and neither voided nor credited; voided: 作废; credited: a credit note (红字发票) took back part or all of it; invalid: the merchant's signature does not hold against the keys the ledger records (a forged signature, or one made after its key was revoked), so it is no tax document; invalid too when the ledger's own void or credit entries of it fail their hash check, so that the ledger cannot vouch for its status.",
    example: 'valid',
  })
  status!: PublicStatus;

  @ApiProperty({
    description: 'A buyer has been reimbursed for it (a completed claim).',
    example: false,
  })
  reimbursed!: boolean;

  static from(result: PublicCheckResult): PublicCheckResultDto {
    return Object.assign(new PublicCheckResultDto(), result);
  }
}
