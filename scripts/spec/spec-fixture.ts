import { utf8ToBytes } from '@noble/hashes/utils.js';
import {
  INVOICE_SCHEMA,
  LedgerKinds,
  checkCode,
  type InvoiceDocument,
  type KeyDocument,
  type VoidDocument,
} from '@taxchain/contracts';
import {
  type EntryDraft,
  type LedgerEntry,
  canonicalBytes,
  keyId,
  nobleEd25519,
  payloadHash,
  sha256,
  toHex,
} from '@taxchain/ledger';
import { sealEntries } from '@taxchain/ledger/append/seal-entries';
import { GENESIS_PREV_HASH } from '@taxchain/ledger/crypto/entry-hash';

// The fixed world the spec's vectors describe: named keys (secret keys derived from a label, so
// anyone can rebuild them), one merchant's documents, and one chain of entries recording them.

/** An Ed25519 key pair whose secret is SHA-256 of a published label. */
export interface NamedKey {
  label: string;
  secret: Uint8Array;
  publicKey: string;
  keyId: string;
}

export function namedKey(label: string): NamedKey {
  const secret = sha256(utf8ToBytes(label));
  const publicKey = nobleEd25519.publicKeyOf(secret);
  return { label, secret, publicKey: toHex(publicKey), keyId: keyId(publicKey) };
}

export const keys = {
  merchant: namedKey('taxchain spec merchant'),
  authority: namedKey('taxchain spec authority'),
  retiredAuthority: namedKey('taxchain spec retired authority'),
  stranger: namedKey('taxchain spec stranger'),
};

export const seller = { taxId: '91350100M000100Y43', name: '上海测试贸易有限公司' };
export const buyer = { taxId: '91110000802100433B', name: 'Beijing "Office" Supplies Co.' };
export const CHAIN = 1;
export const invoiceNumbers = ['26351000000000000001', '26351000000000000002'];
export const creditNoteNumber = '26351000000000000003';

export function sign(document: unknown, key: NamedKey = keys.merchant): string {
  return toHex(nobleEd25519.sign(canonicalBytes(document), key.secret));
}

export const keyDocument: KeyDocument = {
  schema: 'taxchain.key.v1',
  taxId: seller.taxId,
  keyId: keys.merchant.keyId,
  publicKey: keys.merchant.publicKey,
};

// 3 × 12.50 = 3750 fen, tax 487.5 → 488; 2 × 8.80 = 1760 fen, tax 158.4 → 158
export const invoice: InvoiceDocument = {
  schema: INVOICE_SCHEMA,
  kind: 'invoice',
  seller,
  buyer,
  documentNumber: 'DOC-2026-000001',
  issueDate: '2026-11-23',
  currency: 'CNY',
  lines: [
    {
      description: '武夷岩茶 250 g\ttin',
      quantity: '3',
      unitPrice: '12.50',
      taxRate: '0.13',
      amount: '3750',
      tax: '488',
    },
    {
      description: 'Tasting service',
      quantity: '2',
      unitPrice: '8.80',
      taxRate: '0.09',
      amount: '1760',
      tax: '158',
    },
  ],
  totals: { net: '5510', tax: '646', gross: '6156' },
  keyId: keys.merchant.keyId,
};

export const secondInvoice: InvoiceDocument = {
  ...invoice,
  documentNumber: 'DOC-2026-000002',
  lines: [invoice.lines[1]],
  totals: { net: '1760', tax: '158', gross: '1918' },
};

// Takes back one tin: 1 × 12.50 = 1250 fen, tax 162.5 → 163
export const creditNote: InvoiceDocument = {
  ...invoice,
  kind: 'credit-note',
  documentNumber: 'CN-2026-000001',
  lines: [{ ...invoice.lines[0], quantity: '1', amount: '1250', tax: '163' }],
  totals: { net: '1250', tax: '163', gross: '1413' },
  creditedInvoiceNumber: invoiceNumbers[0],
};

export const voidDocument: VoidDocument = {
  schema: 'taxchain.void.v1',
  invoiceNumber: invoiceNumbers[1],
  sellerTaxId: seller.taxId,
  reason: 'issued to the wrong buyer',
  keyId: keys.merchant.keyId,
};

export function checkCodeOf(number: string, document: InvoiceDocument): string {
  return checkCode(number, toHex(payloadHash(document)));
}

const merchant = `merchant:${seller.taxId}`;

/** What the platform records, in order, for the documents above (seq 0 … 6 of chain 1). */
function drafts(): EntryDraft[] {
  const claim = {
    schema: 'taxchain.reimbursement.v1',
    claimId: '0b5c2d1e-4f6a-4b7c-8d9e-0f1a2b3c4d5e',
    invoiceNumber: invoiceNumbers[0],
    buyerTaxId: buyer.taxId,
    amount: '4743',
  };
  return [
    {
      kind: LedgerKinds.keyRegistered,
      subject: `key:${keys.merchant.keyId}`,
      actor: merchant,
      payload: { document: keyDocument },
      actorSignature: sign(keyDocument),
      identity: `key.registered:${keys.merchant.keyId}`,
    },
    ...[invoice, secondInvoice].map((document, i) => ({
      kind: LedgerKinds.invoiceIssued,
      subject: invoiceNumbers[i],
      actor: merchant,
      payload: {
        document,
        invoiceNumber: invoiceNumbers[i],
        checkCode: checkCodeOf(invoiceNumbers[i], document),
      },
      actorSignature: sign(document),
      identity: `invoice.issued:${seller.taxId}:${document.documentNumber}`,
    })),
    {
      kind: LedgerKinds.invoiceCredited,
      subject: invoiceNumbers[0],
      actor: merchant,
      payload: { document: creditNote, creditNoteNumber, remainingGross: '4743' },
      actorSignature: sign(creditNote),
      identity: `invoice.credited:${seller.taxId}:${creditNote.documentNumber}`,
    },
    {
      kind: LedgerKinds.invoiceVoided,
      subject: invoiceNumbers[1],
      actor: merchant,
      payload: { document: voidDocument },
      actorSignature: sign(voidDocument),
      identity: `invoice.voided:${invoiceNumbers[1]}`,
    },
    {
      kind: LedgerKinds.reimbursementClaimed,
      subject: invoiceNumbers[0],
      actor: `company:${buyer.taxId}`,
      payload: claim,
      actorSignature: null,
      identity: `reimbursement.claimed:${claim.claimId}`,
    },
    {
      kind: LedgerKinds.keyRevoked,
      subject: `key:${keys.merchant.keyId}`,
      actor: merchant,
      payload: {
        schema: 'taxchain.key-revocation.v1',
        taxId: seller.taxId,
        keyId: keys.merchant.keyId,
        reason: 'rotated',
      },
      actorSignature: null,
      identity: `key.revoked:${keys.merchant.keyId}`,
    },
  ];
}

/** The chain, sealed by the ledger's own code, one entry a minute from 2026-11-23T10:00Z. */
export function chain(): LedgerEntry[] {
  let head = { chain: CHAIN, seq: -1, hash: GENESIS_PREV_HASH };
  return drafts().map((draft, i) => {
    const sealed = sealEntries(head, [draft], new Date(Date.UTC(2026, 10, 23, 10, i, 0, i * 7)));
    head = sealed.head;
    return sealed.entries[0];
  });
}
