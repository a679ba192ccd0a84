import type { Pool } from 'pg';

export interface LedgerState {
  /** Chains whose seqs are not exactly 0..size-1, or whose head row disagrees. */
  gappedChains: number[];
  /** invoice.issued entries with no issuing row, and issuing rows with no entry. */
  entriesWithoutRow: number;
  rowsWithoutEntry: number;
  /** Issued invoices (rows joined to their entry), by `seller:document`. */
  invoices: Map<string, string>;
}

/**
 * What the ledger holds: every chain gapless and matching its head, every issuing row with
 * exactly its ledger entry (nothing half-written), and the invoice number each document got.
 */
export async function ledgerState(db: Pool): Promise<LedgerState> {
  const { rows: chains } = await db.query<{ chain: number; ok: boolean }>(`
    SELECT e.chain, count(*) = max(e.seq) + 1 AND min(e.seq) = 0 AND max(e.seq) = h.seq AS ok
    FROM ledger.entries e JOIN ledger.heads h USING (chain)
    GROUP BY e.chain, h.seq`);
  const {
    rows: [orphans],
  } = await db.query<{ entries: number; rows: number }>(`
    SELECT
      (SELECT count(*) FROM ledger.entries e WHERE e.kind = 'invoice.issued' AND NOT EXISTS
        (SELECT 1 FROM issuing.invoices i WHERE ${IDENTITY} = e.identity))::int AS entries,
      (SELECT count(*) FROM issuing.invoices i WHERE i.kind = 'invoice' AND NOT EXISTS
        (SELECT 1 FROM ledger.entries e WHERE e.identity = ${IDENTITY}))::int AS rows`);
  const { rows: invoices } = await db.query<{ document: string; number: string }>(`
    SELECT i.seller_tax_id || ':' || i.document_number AS document, i.invoice_number AS number
    FROM issuing.invoices i JOIN ledger.entries e ON e.identity = ${IDENTITY}
    WHERE i.kind = 'invoice'`);
  return {
    gappedChains: chains.filter((row) => !row.ok).map((row) => row.chain),
    entriesWithoutRow: orphans.entries,
    rowsWithoutEntry: orphans.rows,
    invoices: new Map(invoices.map((row) => [row.document, row.number])),
  };
}

/** The SQL twin of the issuing service's issueIdentity, for invoices. */
const IDENTITY = `'invoice.issued:' || i.seller_tax_id || ':' || i.document_number`;
