import type { Pool } from 'pg';

export interface ReadModelDelivery {
  readModel: 'reimbursement' | 'audit';
  rows: number;
  /** Expected invoice numbers the read model does not hold. */
  missing: string[];
  /** Invoice numbers it holds that nobody was answered with. */
  unexpected: string[];
  /**
   * Audit only (the read model with additive totals): how many more times its rate totals
   * counted an invoice than they should have (once per invoice and tax rate), i.e. how many
   * events were applied twice. Nonzero is a duplicate even when the rows look right.
   */
  overcounted?: number;
}

const READ_MODELS: Record<ReadModelDelivery['readModel'], { numbers: string; overcount?: string }> =
  {
    reimbursement: {
      numbers: `SELECT invoice_number AS number FROM reimbursement.invoices WHERE kind = 'invoice'`,
    },
    audit: {
      numbers: `SELECT invoice_number AS number FROM audit.invoices WHERE kind = 'invoice'`,
      overcount: `SELECT ((SELECT coalesce(sum(count), 0) FROM audit.dimension_totals
                           WHERE dimension = 'rate')
        - (SELECT coalesce(sum(cardinality(tax_rates)), 0) FROM audit.invoices))::int AS overcount`,
    },
  };

/** What each read model holds against the invoice numbers the platform answered with. */
export async function readModelDelivery(
  db: Pool,
  expected: Iterable<string>,
): Promise<ReadModelDelivery[]> {
  const wanted = new Set(expected);
  return Promise.all(
    (Object.keys(READ_MODELS) as Array<ReadModelDelivery['readModel']>).map(async (readModel) => {
      const queries = READ_MODELS[readModel];
      const held = (await db.query<{ number: string }>(queries.numbers)).rows.map((r) => r.number);
      const heldSet = new Set(held);
      const overcount = queries.overcount
        ? (await db.query<{ overcount: number }>(queries.overcount)).rows[0].overcount
        : undefined;
      return {
        readModel,
        rows: held.length,
        missing: [...wanted].filter((number) => !heldSet.has(number)),
        unexpected: held.filter((number) => !wanted.has(number)),
        overcounted: overcount,
      };
    }),
  );
}

/**
 * Waits until every read model holds every expected invoice; resolves with how long that took
 * (ms) and what they hold then. Gives up after `timeoutMs`, returning what they hold.
 */
export async function waitForDelivery(
  db: Pool,
  expected: Iterable<string>,
  timeoutMs: number,
): Promise<{ tookMs: number; delivery: ReadModelDelivery[] }> {
  const numbers = [...expected];
  const started = Date.now();
  for (;;) {
    const delivery = await readModelDelivery(db, numbers);
    const complete = delivery.every((d) => d.missing.length === 0);
    if (complete || Date.now() - started > timeoutMs)
      return { tookMs: Date.now() - started, delivery };
    await new Promise((done) => setTimeout(done, 1_000));
  }
}

export interface DeliveryCounts {
  readModel: ReadModelDelivery['readModel'];
  rows: number;
  missing: number;
  unexpected: number;
  overcounted: number;
}

/** A delivery in figures, to compare with `deliveredOnce` (a diff then shows what went wrong). */
export function deliveryCounts(delivery: ReadModelDelivery[]): DeliveryCounts[] {
  return delivery.map((d) => ({
    readModel: d.readModel,
    rows: d.rows,
    missing: d.missing.length,
    unexpected: d.unexpected.length,
    overcounted: d.overcounted ?? 0,
  }));
}

/** What `deliveryCounts` shows when `count` invoices each reached every read model exactly once. */
export function deliveredOnce(count: number): DeliveryCounts[] {
  return (['reimbursement', 'audit'] as const).map((readModel) => ({
    readModel,
    rows: count,
    missing: 0,
    unexpected: 0,
    overcounted: 0,
  }));
}
