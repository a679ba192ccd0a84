import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LedgerKinds, type InvoiceCreditedPayload } from '@taxchain/contracts';
import { LedgerSettings, chainOf, type LedgerEntry } from '@taxchain/ledger';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from '@taxchain/ledger/storage/entry-row';
import { faultOf, type FaultyEntry } from './faulty-entry';

/** What the ledger itself says about an invoice's voids and credits, as of now. */
export interface LedgerInvoiceFacts {
  voided: boolean;
  /** From the newest invoice.credited; undefined when never credited. */
  remainingGross?: bigint;
}

/** An invoice's facts, or why its entries cannot give them: the first that is not what was hashed. */
export type CheckedInvoiceFacts = { facts: LedgerInvoiceFacts } | FaultyEntry;

const FACT_KINDS = [LedgerKinds.invoiceVoided, LedgerKinds.invoiceCredited];

/**
 * Reads voids and credits from the ledger. The read model trails the ledger by the feed's
 * latency (and a superuser may have changed it): what a claim decides on, and what a
 * verification states, is the ledger's own word.
 */
@Injectable()
export class LedgerInvoiceFactsReader {
  constructor(
    private readonly settings: LedgerSettings,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Under the invoice chain's head lock: nothing new lands on the chain until this transaction
   * commits (the appender takes the same lock to append), so the decision and the claim entry
   * see one and the same ledger. Each entry is checked against its hashes, as ofInvoices does.
   */
  async lockAndRead(tx: EntityManager, invoiceNumber: string): Promise<CheckedInvoiceFacts> {
    const chain = chainOf(invoiceNumber, this.settings.chains);
    await tx.query('SELECT 1 FROM ledger.heads WHERE chain = $1 FOR UPDATE', [chain]);
    return checkedFacts(await this.entriesOf([invoiceNumber], tx));
  }

  /** Each invoice's facts, every entry they come from checked against its hashes first. */
  async ofInvoices(invoiceNumbers: readonly string[]): Promise<Map<string, CheckedInvoiceFacts>> {
    const bySubject = new Map<string, LedgerEntry[]>();
    for (const entry of await this.entriesOf(invoiceNumbers, this.dataSource.manager)) {
      const entries = bySubject.get(entry.subject);
      if (entries) entries.push(entry);
      else bySubject.set(entry.subject, [entry]);
    }
    return new Map(
      invoiceNumbers.map((number) => [number, checkedFacts(bySubject.get(number) ?? [])]),
    );
  }

  /** The voids and credits of these invoices, in ledger order, in one statement. */
  private async entriesOf(
    invoiceNumbers: readonly string[],
    tx: EntityManager,
  ): Promise<LedgerEntry[]> {
    const rows = await tx.query<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger.entries
        WHERE subject = ANY($1) AND kind = ANY($2) ORDER BY chain, seq`,
      [invoiceNumbers, FACT_KINDS],
    );
    return rows.map(toEntry);
  }
}

/** The facts that entries of one invoice, in ledger order, state; entries of other kinds count for nothing. */
export function ledgerInvoiceFacts(
  entries: ReadonlyArray<Pick<LedgerEntry, 'kind' | 'payload'>>,
): LedgerInvoiceFacts {
  const facts: LedgerInvoiceFacts = { voided: false };
  for (const entry of entries) {
    if (entry.kind === LedgerKinds.invoiceVoided) facts.voided = true;
    else if (entry.kind === LedgerKinds.invoiceCredited)
      facts.remainingGross = remainingOf(entry.payload) ?? facts.remainingGross;
  }
  return facts;
}

function checkedFacts(entries: LedgerEntry[]): CheckedInvoiceFacts {
  for (const entry of entries) {
    const faulty = faultOf(entry);
    if (faulty) return faulty;
  }
  return { facts: ledgerInvoiceFacts(entries) };
}

function remainingOf(payload: string): bigint | undefined {
  const remaining = (JSON.parse(payload) as Partial<InvoiceCreditedPayload>).remainingGross;
  return typeof remaining === 'string' && /^\d{1,18}$/.test(remaining)
    ? BigInt(remaining)
    : undefined;
}
