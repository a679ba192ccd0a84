import type { InvoiceIssuedPayload } from '@taxchain/contracts';
import type { LedgerEntry } from '@taxchain/ledger';
import { invoiceQrPayload } from '../../apps/issuing/src/invoices/pdf/invoice-qr';
import { documentVectors } from './document-vectors';
import { checkpointNoteVectors } from './note-vectors';
import { entryVectors } from './entry-vectors';
import { keyDirectoryVectors } from './key-directory-vectors';
import { bundleVectors, checkpointVectors, merkleVectors } from './proof-vectors';
import { chain } from './spec-fixture';

/** Every file of docs/spec/vectors, by name, as the platform's own code computes them now. */
export async function specVectors(): Promise<Record<string, unknown>> {
  const entries = chain();
  const bundles = await bundleVectors(entries);
  return {
    'documents.json': documentVectors(),
    'entries.json': entryVectors(entries),
    'merkle.json': await merkleVectors(entries),
    'checkpoints.json': checkpointVectors(entries),
    'checkpoint-notes.json': checkpointNoteVectors(entries),
    'proof-bundles.json': bundles,
    'key-directory.json': await keyDirectoryVectors(entries),
    'qr.json': qrVectors(entries, bundles.valid[1].bundle.checkpoint),
  };
}

/** The text of each vector file: two-space JSON and a final newline. */
export function vectorFileText(content: unknown): string {
  return `${JSON.stringify(content, null, 2)}\n`;
}

function qrVectors(
  entries: LedgerEntry[],
  checkpoint: { size: number; root: string; keyId: string },
) {
  const issued = entries[1];
  const payload = JSON.parse(issued.payload) as InvoiceIssuedPayload;
  const qr = invoiceQrPayload(
    {
      invoiceNumber: payload.invoiceNumber,
      checkCode: payload.checkCode,
      entryHash: issued.entryHash,
      issueDate: payload.document.issueDate,
      gross: payload.document.totals.gross,
    },
    { entry: issued, proof: { checkpoint: checkpoint as never } },
    'https://reimbursement.example',
  );
  return {
    description:
      "The QR text printed on an invoice (docs/spec/qr.md). It names the entry of proof-bundles.json valid[1] (entryHash h, chain, seq) and that bundle's checkpoint (cp).",
    valid: [{ text: JSON.stringify(qr), entryHash: issued.entryHash }],
  };
}
