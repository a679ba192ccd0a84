import { Injectable, Logger } from '@nestjs/common';
import pLimit from 'p-limit';
import type { SignedInvoice } from '@taxchain/contracts';
import {
  InjectConfig,
  problemOf,
  problemType,
  validatedItem,
  type AppConfig,
  type Problem,
} from '@taxchain/platform';
import { SignedInvoiceDto } from '../dto/signed-invoice.dto';
import type { InvoiceReceipt } from '../invoice-receipt';
import { IssueInvoiceService } from '../issue-invoice.service';

/** Items in flight at once: enough to fill the appender's batches, few enough for the pool. */
const IN_FLIGHT = 32;

/**
 * Share of the request time-out after which no further item is started: the items in flight
 * then finish and the batch is answered in time, the rest marked for sending again.
 */
const START_WITHIN = 0.6;

export type BatchItemResult = { index: number; documentNumber?: string; status: number } & (
  { receipt: InvoiceReceipt } | { problem: Problem }
);

/**
 * Issues many signed invoices in one request. Each is atomic and idempotent on its own, exactly
 * as `POST /invoices`: concurrent units share the ledger appender's batched commits, so a batch
 * costs a few round trips per invoice, not a request each.
 */
@Injectable()
export class IssueBatchService {
  private readonly logger = new Logger(IssueBatchService.name);

  private readonly startWithinMs: number;

  constructor(
    private readonly issuing: IssueInvoiceService,
    @InjectConfig() config: AppConfig,
  ) {
    this.startWithinMs = config.HTTP_REQUEST_TIMEOUT_MS * START_WITHIN;
  }

  async issue(
    taxId: string,
    items: readonly object[],
    requestId: string,
  ): Promise<BatchItemResult[]> {
    const limit = pLimit(IN_FLIGHT);
    const startBy = Date.now() + this.startWithinMs;
    return Promise.all(
      items.map((item, index) =>
        limit(() =>
          Date.now() > startBy
            ? notAttempted(item, index)
            : this.issueOne(taxId, item, index, requestId),
        ),
      ),
    );
  }

  private async issueOne(
    taxId: string,
    item: object,
    index: number,
    requestId: string,
  ): Promise<BatchItemResult> {
    const documentNumber = documentNumberOf(item);
    try {
      const signed: SignedInvoice = await validatedItem(SignedInvoiceDto, item);
      const receipt = await this.issuing.issue(taxId, signed);
      return { index, documentNumber, status: receipt.replayed ? 200 : 201, receipt };
    } catch (error) {
      // Answered per item, like the rest: other items may already be committed.
      const { problem } = problemOf(error, `${requestId}/${index}`, this.logger);
      return { index, documentNumber, status: problem.status, problem };
    }
  }
}

/** Left for the next request: nothing was written for it, so sending it again is safe. */
function notAttempted(item: object, index: number): BatchItemResult {
  return {
    index,
    documentNumber: documentNumberOf(item),
    status: 503,
    problem: {
      type: problemType('batch-time-exhausted'),
      title: 'Not attempted in time',
      status: 503,
      detail:
        'The batch ran out of time before this invoice was started; nothing was written for it. Send it again.',
    },
  };
}

/** The document number as sent, to label the result even when the item is malformed. */
function documentNumberOf(item: object): string | undefined {
  const invoice = (item as { invoice?: unknown }).invoice;
  const number =
    typeof invoice === 'object' && invoice !== null
      ? (invoice as { documentNumber?: unknown }).documentNumber
      : undefined;
  return typeof number === 'string' ? number : undefined;
}
