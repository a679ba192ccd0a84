import QRCode from 'qrcode';
import { publicAmount, publicCheckUrl } from '@taxchain/contracts';
import type { LedgerEntry, ProofBundle } from '@taxchain/ledger';
import type { InvoiceRecord } from '../invoice-record';

/** The ledger position of the entry that issued the invoice, and the checkpoint covering it. */
export interface IssueEntryProof {
  entry: Pick<LedgerEntry, 'chain' | 'seq'>;
  proof?: Pick<ProofBundle, 'checkpoint'>;
}

/**
 * What the printed QR code carries: enough for the public check link (no login), and
 * for an offline check of the ledger position against a signed checkpoint. Short keys keep the
 * symbol small enough to scan from paper.
 */
export interface InvoiceQrPayload {
  v: 1;
  /** Invoice number. */
  n: string;
  /** Check code (校验码). */
  c: string;
  /** Hash of the ledger entry that issued it. */
  h: string;
  /** The public check page at the reimbursement service, pre-filled with the printed facts. */
  u: string;
  /** Chain partition and sequence number of that entry. */
  chain: number;
  seq: number;
  /** The authority checkpoint covering it, once there is one. */
  cp?: { size: number; root: string; keyId: string };
}

export function invoiceQrPayload(
  invoice: Pick<InvoiceRecord, 'invoiceNumber' | 'checkCode' | 'entryHash' | 'issueDate' | 'gross'>,
  issue: IssueEntryProof,
  verifyBaseUrl: string,
): InvoiceQrPayload {
  const { invoiceNumber: n, checkCode: c } = invoice;
  const payload: InvoiceQrPayload = {
    v: 1,
    n,
    c,
    h: invoice.entryHash ?? '',
    u: publicCheckUrl(verifyBaseUrl, {
      number: n,
      date: invoice.issueDate,
      code: c,
      amount: publicAmount(invoice.gross),
    }),
    chain: issue.entry.chain,
    seq: issue.entry.seq,
  };
  const checkpoint = issue.proof?.checkpoint;
  if (checkpoint)
    payload.cp = { size: checkpoint.size, root: checkpoint.root, keyId: checkpoint.keyId };
  return payload;
}

/** The payload as a PNG QR code (error correction M: survives a crease or a stamp). */
export function renderQrPng(payload: InvoiceQrPayload): Promise<Buffer> {
  return QRCode.toBuffer(JSON.stringify(payload), {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 2,
    scale: 4,
  });
}
