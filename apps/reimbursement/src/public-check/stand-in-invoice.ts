import {
  INVOICE_SCHEMA,
  LedgerKinds,
  type InvoiceDocument,
  type InvoiceIssuedPayload,
} from '@taxchain/contracts';
import {
  GENESIS_PREV_HASH,
  KeyDirectory,
  canonicalJson,
  generateSecretKey,
  keyId,
  nativeEd25519,
  toHex,
  type LedgerEntry,
} from '@taxchain/ledger';
import { sealEntries } from '@taxchain/ledger/append/seal-entries';
import { signedInvoice } from './public-facts';

/**
 * What the public check weighs for a number the ledger does not record, so that an unknown
 * number costs what a known one does: a signed invoice.issued entry of a key made for it, shaped
 * as a merchant's (two lines, both parties), and a key directory that knows that key alone.
 * Weighing it takes a real invoice's steps: the hash check and parse of the payload
 * (signedInvoice) and the ed25519 check of the signature (KeyDirectory.verdict). Without it, a
 * miss on an unknown number skipped the signature check, and answered measurably sooner.
 */
export class StandInInvoice {
  private readonly entry: LedgerEntry;
  private readonly keys = new KeyDirectory(nativeEd25519);

  constructor() {
    const secretKey = generateSecretKey();
    const publicKey = nativeEd25519.publicKeyOf(secretKey);
    const id = keyId(publicKey);
    const seller = { taxId: '91310000MA1FL0000X', name: '上海示例贸易有限公司' };
    this.keys.learn(
      entryOf(LedgerKinds.keyRegistered, id, {
        document: { keyId: id, publicKey: toHex(publicKey), taxId: seller.taxId },
      }),
    );
    const document: InvoiceDocument = {
      schema: INVOICE_SCHEMA,
      kind: 'invoice',
      seller,
      buyer: { taxId: '91310115MA1H00000Y', name: '上海示例工具有限公司' },
      documentNumber: 'POS-2026-000000',
      issueDate: '2026-01-01',
      currency: 'CNY',
      lines: [
        {
          description: '办公用品',
          quantity: '2',
          unitPrice: '50.00',
          taxRate: '0.13',
          amount: '10000',
          tax: '1300',
        },
        {
          description: '技术服务费',
          quantity: '1',
          unitPrice: '100.00',
          taxRate: '0.06',
          amount: '10000',
          tax: '600',
        },
      ],
      totals: { net: '20000', tax: '1900', gross: '21900' },
      keyId: id,
    };
    const payload: InvoiceIssuedPayload = {
      document,
      invoiceNumber: '00000000000000000000',
      checkCode: '000000',
    };
    const signature = nativeEd25519.sign(Buffer.from(canonicalJson(document)), secretKey);
    this.entry = entryOf(
      LedgerKinds.invoiceIssued,
      payload.invoiceNumber,
      payload,
      toHex(signature),
    );
  }

  /**
   * The work a known number's signed invoice takes, done and dropped; true when every step went
   * the whole way, as a genuine invoice's do (no early refusal that would cost less).
   */
  weigh(): boolean {
    const signed = signedInvoice(this.entry);
    return this.keys.verdict(this.entry) === 'ok' && signed !== undefined;
  }
}

/** One entry sealed as the appender seals it, first of its own chain. */
function entryOf(
  kind: string,
  subject: string,
  payload: unknown,
  actorSignature: string | null = null,
): LedgerEntry {
  const draft = {
    kind,
    subject,
    actor: 'merchant:stand-in',
    payload,
    actorSignature,
    identity: subject,
  };
  const head = { chain: 0, seq: -1, hash: GENESIS_PREV_HASH };
  return sealEntries(head, [draft], new Date('2026-01-01T00:00:00.000Z')).entries[0];
}
