import type { DataSource } from 'typeorm';

/**
 * Three documents of seller S1 (buyer B1, region 330100) on 2026-01-15, one chain each: I-1 with
 * lines at 13 % (1000 + 130) and 9 % (500 + 45), I-2 at 13 % (200 + 26) and voided, and C-1, a
 * credit note taking back 100 + 13 at 13 %.
 */
const DOCUMENTS = [
  {
    number: 'I-1',
    kind: 'invoice',
    status: 'issued',
    rates: { '0.13': [1000, 130], '0.09': [500, 45] },
  },
  { number: 'I-2', kind: 'invoice', status: 'voided', rates: { '0.13': [200, 26] } },
  { number: 'C-1', kind: 'credit-note', status: 'issued', rates: { '0.13': [100, 13] } },
] as const;

/** The chain I-2's void was recorded on: not its invoice's, as after a change of chain count. */
const VOID_CHAIN = 3;

/** Records the three documents in audit.invoices. */
export async function recordDocuments(db: DataSource): Promise<void> {
  for (const [chain, d] of DOCUMENTS.entries()) {
    const lines = Object.values(d.rates) as ReadonlyArray<readonly [number, number]>;
    const net = lines.reduce((sum, [n]) => sum + n, 0);
    const tax = lines.reduce((sum, [, t]) => sum + t, 0);
    await db.query(
      `INSERT INTO audit.invoices (invoice_number, kind, seller_tax_id, seller_name, buyer_tax_id,
         buyer_name, region, issue_date, currency, net, tax, gross, tax_rates, rate_totals, status,
         chain, seq, entry_hash, issued_at)
       VALUES ($1, $2, 'S1', 'Seller', 'B1', 'Buyer', '330100', '2026-01-15', 'CNY', $3, $4, $5,
               $6, $7, $8, $9, 0, $10, now())`,
      [
        d.number,
        d.kind,
        net,
        tax,
        net + tax,
        Object.keys(d.rates).sort(),
        JSON.stringify(
          Object.fromEntries(
            Object.entries(d.rates).map(([rate, [n, t]]) => [rate, { net: `${n}`, tax: `${t}` }]),
          ),
        ),
        d.status,
        chain,
        Buffer.alloc(32),
      ],
    );
  }
}

/**
 * audit.dimension_totals as the feed wrote it before InvoiceCounts1797500000000 for the recorded
 * documents: seller, buyer, region and rate rows each per tax rate, an invoice counting 1 per
 * rate, a credit note 0 with its amounts taken back, and I-2's void taking its invoice back out
 * on VOID_CHAIN.
 */
export async function recordPerRateTotals(db: DataSource): Promise<void> {
  await db.query(
    `INSERT INTO audit.dimension_totals AS t (dimension, day, key, chain, count, net, tax, gross)
     SELECT d.dimension, i.issue_date, d.key, e.chain, sum(e.count), sum(e.amount * r.net),
            sum(e.amount * r.tax), sum(e.amount * (r.net + r.tax))
       FROM audit.invoices i
      CROSS JOIN LATERAL (SELECT key AS rate, (value->>'net')::bigint AS net,
                                 (value->>'tax')::bigint AS tax
                            FROM jsonb_each(i.rate_totals)) r
      CROSS JOIN LATERAL (VALUES ('seller', i.seller_tax_id), ('buyer', i.buyer_tax_id),
                                 ('region', i.region), ('rate', r.rate)) AS d(dimension, key)
      CROSS JOIN LATERAL (
        SELECT i.chain, (i.kind = 'invoice')::int, CASE i.kind WHEN 'invoice' THEN 1 ELSE -1 END
        UNION ALL
        SELECT $1, -1, -1 WHERE i.status = 'voided'
      ) AS e(chain, count, amount)
      GROUP BY 1, 2, 3, 4`,
    [VOID_CHAIN],
  );
}
