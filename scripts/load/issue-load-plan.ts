import type { Percentiles } from './percentiles';

/** What one run of the issue load generator process does (written as JSON, path in argv). */
export interface IssueLoadPlan {
  issuingUrls: string[];
  reimbursementUrl: string;
  /** Merchants with registered keys: registered name, secret key in hex, bearer token. */
  merchants: Array<{ taxId: string; name: string; secret: string; token: string }>;
  buyers: Array<{ taxId: string; token: string }>;
  concurrency: number;
  /** How long to keep sending, ms. */
  durationMs: number;
  /** Invoices to pre-sign: enough for the fastest rate expected over the duration. */
  invoices: number;
  /** Invoices per `POST /invoices/batch` (one merchant's each); single `POST /invoices` when absent. */
  batchSize?: number;
  /** Open-loop pacing, invoices per second; closed loop (as fast as answered) when absent. */
  ratePerSecond?: number;
  /** Accepted invoices probed per second for the time until they are claimable. */
  probesPerSecond: number;
  probeIntervalMs: number;
}

/** What it measured (written as JSON to the result path). */
export interface IssueLoadResult {
  concurrency: number;
  sent: number;
  accepted: number;
  /** Answers other than 201 by HTTP status (0: no answer). */
  refused: Record<string, number>;
  /** From the first request sent to the last answer, ms. */
  elapsedMs: number;
  acceptedPerSecond: number;
  /** True when the pre-signed invoices ran out before the duration did. */
  exhausted: boolean;
  latencyMs: Percentiles;
  claimableMs: Percentiles & { neverClaimable: number };
  presignMs: number;
}
