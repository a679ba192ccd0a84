import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import type { SignedInvoice } from '@taxchain/contracts';
import {
  InjectConfig,
  problemOf,
  problemType,
  validatedItem,
  type AppConfig,
  type FaultLog,
  type Problem,
} from '@taxchain/platform';
import type { Merchant } from '../../common/merchant-tax-id';
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
/**
 * Share of the request time-out by which the batch is answered, whatever is still in flight: the
 * service's own time-out would otherwise answer the whole request 503 while some of its invoices
 * were being written.
 */
const ANSWER_WITHIN = 0.85;

export type BatchItemResult = { index: number; documentNumber?: string; status: number } & (
  { receipt: InvoiceReceipt } | { problem: Problem }
);

/** The request a batch came in: its id labels an item's fault, logged on its logger. */
export interface BatchRequest {
  id: string;
  log: FaultLog;
  /** When the request's time-out started counting (Date.now()): the batch's shares count from it. */
  clockStart: number;
}

/**
 * Issues many signed invoices in one request. Each is atomic and idempotent on its own, exactly
 * as `POST /invoices`: concurrent units share the ledger appender's batched commits, so a batch
 * costs a few round trips per invoice, not a request each.
 */
@Injectable()
export class IssueBatchService {
  private readonly startWithinMs: number;
  private readonly answerWithinMs: number;

  constructor(
    private readonly issuing: IssueInvoiceService,
    @InjectConfig() config: AppConfig,
  ) {
    this.startWithinMs = config.HTTP_REQUEST_TIMEOUT_MS * START_WITHIN;
    this.answerWithinMs = config.HTTP_REQUEST_TIMEOUT_MS * ANSWER_WITHIN;
  }

  async issue(
    merchant: Merchant,
    items: readonly object[],
    request: BatchRequest,
  ): Promise<BatchItemResult[]> {
    const limit = pLimit(IN_FLIGHT);
    // Counted from the time-out's own start, not this call's: validating the body came between.
    const startBy = request.clockStart + this.startWithinMs;
    const answerIn = Math.max(0, request.clockStart + this.answerWithinMs - Date.now());
    const results: Array<BatchItemResult | undefined> = [];
    const started = new Set<number>();
    const all = Promise.all(
      items.map((item, index) =>
        limit(async () => {
          if (Date.now() > startBy) return (results[index] = late('notAttempted', item, index));
          started.add(index);
          return (results[index] = await this.issueOne(merchant, item, index, request));
        }),
      ),
    );
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      all.then(() => true),
      new Promise<false>((done) => (timer = setTimeout(() => done(false), answerIn))),
    ]);
    clearTimeout(timer);
    if (finished) return results as BatchItemResult[];
    // Answered now: what is still in flight finishes on its own (written once or not at all),
    // and what is still queued is never started.
    return items.map(
      (item, index) =>
        results[index] ?? late(started.has(index) ? 'inDoubt' : 'notAttempted', item, index),
    );
  }

  private async issueOne(
    merchant: Merchant,
    item: object,
    index: number,
    request: BatchRequest,
  ): Promise<BatchItemResult> {
    const documentNumber = documentNumberOf(item);
    try {
      const signed: SignedInvoice = await validatedItem(SignedInvoiceDto, item);
      const receipt = await this.issuing.issue(merchant, signed);
      return { index, documentNumber, status: receipt.replayed ? 200 : 201, receipt };
    } catch (error) {
      // Answered per item, like the rest: other items may already be committed.
      const { problem } = problemOf(error, `${request.id}/${index}`, request.log);
      return { index, documentNumber, status: problem.status, problem };
    }
  }
}

/** The batch's answers for an item it did not finish in time: 503, to be sent again. */
const LATE = {
  /** Left for the next request: nothing was written for it, so sending it again is safe. */
  notAttempted: {
    code: 'batch-time-exhausted',
    title: 'Not attempted in time',
    detail:
      'The batch ran out of time before this invoice was started; nothing was written for it. Send it again.',
  },
  /** Still being written when the batch was answered: sending it again answers what became of it. */
  inDoubt: {
    code: 'batch-item-in-doubt',
    title: 'Still in progress when the batch was answered',
    detail:
      'This invoice was still being issued when the batch had to be answered: it is issued once or not at all. Send it again to learn which (200 with its receipt if it was issued).',
  },
};

function late(why: keyof typeof LATE, item: object, index: number): BatchItemResult {
  const { code, title, detail } = LATE[why];
  return {
    index,
    documentNumber: documentNumberOf(item),
    status: 503,
    problem: { type: problemType(code), title, status: 503, detail },
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
