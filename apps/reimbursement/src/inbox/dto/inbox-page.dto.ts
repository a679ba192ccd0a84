import { ApiProperty } from '@nestjs/swagger';
import { ApiNextCursor } from '@taxchain/platform';
import { INVOICE_STATES, type InvoiceState } from '../../invoices/invoice';
import { EXAMPLE } from '../../invoices/dto/examples';
import { InvoiceSummaryDto } from '../../invoices/dto/invoice-summary.dto';
import type { InboxItem, InboxTotal } from '../inbox-item';
import type { InboxPage } from '../inbox-query.service';

export class InboxItemDto extends InvoiceSummaryDto {
  @ApiProperty({ example: 'MRT-00000042' })
  documentNumber!: string;

  @ApiProperty({
    description:
      "The check code a claim needs, as the ledger's recording entry states it; only the buyer " +
      'named on the document sees it here.',
    example: EXAMPLE.checkCode,
  })
  checkCode!: string;

  @ApiProperty({
    description:
      'Whether POST /claims by the caller, with this check code, would accept it now: an invoice ' +
      '(not a credit note), not voided, not held by a claim, not reimbursed, something left after ' +
      "credits. Decided as POST /claims decides, on the ledger's entries (the invoice.issued the " +
      'merchant signed, its invoice.voided and invoice.credited), not on the listed copy, so it ' +
      "agrees with the claim's answer; the merchant's signature is checked only by the claim.",
    example: true,
  })
  claimable!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Why it is not claimable: the code of the problem POST /claims would answer now (its type ' +
      'is `urn:taxchain:problem:<code>`): `invoice-voided`, `already-claimed`, ' +
      '`already-reimbursed`, `fully-credited`, `not-claimable` (a credit note), `not-the-buyer`, ' +
      '`invoice-not-found` (the ledger records no such document), or `ledger-entry-tampered` (one ' +
      'of its invoice.issued, invoice.voided or invoice.credited entries no longer matches its ' +
      'hash). null when claimable.',
    example: null,
  })
  claimRefusal!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The active or completed claim holding it.',
    example: null,
  })
  claimId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  voidedAt!: string | null;

  static fromItem({ invoice, state, claimable, claimRefusal }: InboxItem): InboxItemDto {
    return {
      ...InvoiceSummaryDto.from(invoice),
      state,
      documentNumber: invoice.documentNumber,
      checkCode: invoice.checkCode,
      claimable,
      claimRefusal: claimRefusal ?? null,
      claimId: invoice.liveClaim?.claimId ?? null,
      voidedAt: invoice.voidedAt?.toISOString() ?? null,
    };
  }
}

export class CurrencyAmountDto {
  @ApiProperty({ example: 'CNY' })
  currency!: string;

  @ApiProperty({ description: 'Minor units, an integer string.', example: '22600' })
  amount!: string;
}

export class InboxTotalDto {
  @ApiProperty({ enum: INVOICE_STATES, example: 'issued' })
  state!: InvoiceState;

  @ApiProperty({ example: 2 })
  count!: number;

  @ApiProperty({
    type: [CurrencyAmountDto],
    description: 'Gross per currency; empty when count is 0.',
  })
  gross!: CurrencyAmountDto[];

  static from(total: InboxTotal): InboxTotalDto {
    return {
      state: total.state,
      count: total.count,
      gross: total.gross.map((g) => ({ currency: g.currency, amount: g.amount.toString() })),
    };
  }
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto] })
  items!: InboxItemDto[];

  @ApiNextCursor()
  nextCursor!: string | null;

  @ApiProperty({
    type: [InboxTotalDto],
    description:
      'Every state, in the order of the state enum, counted over all the filters but `state` ' +
      '(and not paged): the numbers a tab per state would show.',
  })
  totals!: InboxTotalDto[];

  static from(page: InboxPage): InboxPageDto {
    return {
      items: page.items.map((item) => InboxItemDto.fromItem(item)),
      nextCursor: page.nextCursor,
      totals: page.totals.map((total) => InboxTotalDto.from(total)),
    };
  }
}
