import { canonicalJson, generateSecretKey, keyId, nobleEd25519 } from '@taxchain/ledger';
import { base64urlnopad } from '@scure/base';
import {
  type InvoiceQr,
  type InvoiceStatement,
  invoiceQrMessage,
  invoiceQrText,
  signInvoiceQr,
} from '@taxchain/ledger/qr/invoice-qr';

/** A forged copy of a scanned QR text, and the reason a verifier must give for refusing it. */
export interface ForgedQr {
  name: string;
  text: string;
  fails: 'qr-malformed' | 'qr-unknown-key' | 'qr-bad-signature';
}

/** Every statement member a forger can change to another well-formed value: all but `v` and `k`. */
export type AlterableMember = Exclude<keyof InvoiceStatement, 'v' | 'k'>;

/**
 * Another well-formed value for each member, typed so that a member added to the statement must
 * be given one. The number is one no test issues, the entry hash one no entry has.
 */
export function alteredMembers(qr: InvoiceQr): { [M in AlterableMember]: InvoiceQr[M] } {
  return {
    n: '9'.repeat(20),
    d: '2020-01-01',
    c: qr.c === '000000' ? '000001' : '000000',
    g: `${qr.g.replace('.', '')}.00`,
    cur: 'USD',
    s: qr.b,
    b: qr.s,
    h: '0'.repeat(64),
    chain: qr.chain + 1,
    seq: qr.seq + 1,
    u: 'https://phishing.example',
  };
}

/**
 * What a forger makes of a genuine QR text: each member altered (re-encoded canonically, so only
 * the signature gives it away), the statement re-signed by a key of its own (under its own k, and
 * under the authority's k), and the text cut short.
 */
export function forgedQrTexts(text: string): ForgedQr[] {
  const qr = JSON.parse(text) as InvoiceQr;
  const secret = generateSecretKey();
  const forger = {
    publicKey: nobleEd25519.publicKeyOf(secret),
    sign: (m: Uint8Array) => nobleEd25519.sign(m, secret),
  };
  const ownKey = signInvoiceQr({ ...qr, k: keyId(forger.publicKey) }, forger);
  // The authority's statement, k included, signed by the forger's key.
  const { sig: _genuine, ...statement } = qr;
  const underAuthorityName = base64urlnopad.encode(forger.sign(invoiceQrMessage(statement)));
  return [
    ...Object.entries(alteredMembers(qr)).map(([member, value]) => ({
      name: `${member} altered`,
      text: canonicalJson({ ...qr, [member]: value }),
      fails: 'qr-bad-signature' as const,
    })),
    { name: 'signed by another key', text: invoiceQrText(ownKey), fails: 'qr-unknown-key' },
    {
      name: "signed by another key under the authority's k",
      text: canonicalJson({ ...qr, sig: underAuthorityName }),
      fails: 'qr-bad-signature',
    },
    { name: 'truncated', text: text.slice(0, -20), fails: 'qr-malformed' },
  ];
}
