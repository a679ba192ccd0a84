import { type LedgerEntry, canonicalJson, fromHex, nobleEd25519, toHex } from '@taxchain/ledger';
import {
  type InvoiceQr,
  type InvoiceStatement,
  invoiceQrMessage,
  invoiceQrText,
  signInvoiceQr,
} from '@taxchain/ledger/qr/invoice-qr';
import { invoiceStatement } from '@taxchain/ledger/qr/invoice-statement';
import { authorityListing } from './proof-vectors';
import { type NamedKey, keys } from './spec-fixture';

const BASE_URL = 'https://reimbursement.example';

/** A value of the same shape for every statement member: still well-formed, no longer signed. */
const ALTERED: { [K in keyof InvoiceStatement]?: InvoiceStatement[K] } = {
  n: '26351000000000000009',
  d: '2026-11-24',
  c: '000000',
  g: '6156.00',
  cur: 'USD',
  s: '91110000802100433B',
  b: '91350100M000100Y43',
  h: '0'.repeat(64),
  chain: 0,
  seq: 2,
  u: 'https://phishing.example',
};

function signedBy(statement: InvoiceStatement, key: NamedKey): InvoiceQr {
  return signInvoiceQr(statement, {
    publicKey: fromHex(key.publicKey),
    sign: (message) => signWith(key, message),
  });
}

function signWith(key: NamedKey, message: Uint8Array): Uint8Array {
  return nobleEd25519.sign(message, key.secret);
}

/** The same members, sig first: valid JSON, not its canonical spelling. */
function reordered({ sig, ...statement }: InvoiceQr): string {
  return JSON.stringify({ sig, ...statement });
}

/** The printed QR text (docs/spec/qr.md): the authority's statements about entries 1 and 3. */
export function qrVectors(entries: LedgerEntry[]) {
  const statementOf = (entry: LedgerEntry, key = keys.authority) =>
    invoiceStatement(entry, BASE_URL, key.keyId);
  const [qr, creditNote] = [entries[1], entries[3]].map((entry) =>
    signedBy(statementOf(entry), keys.authority),
  );
  const valid = [entries[1], entries[3]].map((entry) => {
    const signed = entry === entries[1] ? qr : creditNote;
    return {
      name: `the ${entry.kind} entry at seq ${entry.seq}`,
      text: invoiceQrText(signed),
      signedBytesHex: toHex(invoiceQrMessage(signed)),
      statement: statementOf(entry),
    };
  });
  const text = invoiceQrText(qr);
  const altered = Object.entries(ALTERED).map(([member, value]) => ({
    name: `${member} altered`,
    text: canonicalJson({ ...qr, [member]: value }),
    fails: 'qr-bad-signature',
  }));
  const stranger = signedBy(statementOf(entries[1], keys.stranger), keys.stranger);
  const strangerNamingAuthority = signWith(
    keys.stranger,
    invoiceQrMessage(statementOf(entries[1])),
  );
  const invalid = [
    ...altered,
    {
      name: 'signed by a key the authority does not list',
      text: invoiceQrText(stranger),
      fails: 'qr-unknown-key',
    },
    {
      name: "signed by another key under the authority's k",
      text: canonicalJson({
        ...qr,
        sig: Buffer.from(strangerNamingAuthority).toString('base64url'),
      }),
      fails: 'qr-bad-signature',
    },
    {
      name: "the credit note's signature",
      text: canonicalJson({ ...qr, sig: creditNote.sig }),
      fails: 'qr-bad-signature',
    },
    { name: 'truncated', text: text.slice(0, text.length - 12), fails: 'qr-malformed' },
    {
      name: 'not in canonical form (members reordered)',
      text: reordered(qr),
      fails: 'qr-malformed',
    },
    {
      name: 'duplicate member n',
      text: text.replace('{', `{"n":"26351000000000000009",`),
      fails: 'qr-malformed',
    },
    {
      name: 'a member the statement does not define',
      text: canonicalJson({ ...qr, x: 1 }),
      fails: 'qr-malformed',
    },
    { name: 'sig missing', text: canonicalJson({ ...qr, sig: undefined }), fails: 'qr-malformed' },
    {
      name: 'sig with non-zero padding bits',
      text: canonicalJson({ ...qr, sig: `${qr.sig.slice(0, -1)}B` }),
      fails: 'qr-malformed',
    },
    {
      name: 'sig as hex',
      text: canonicalJson({ ...qr, sig: Buffer.from(qr.sig, 'base64url').toString('hex') }),
      fails: 'qr-malformed',
    },
    {
      name: 'a v1 text (unsigned)',
      text: JSON.stringify({
        v: 1,
        n: qr.n,
        c: qr.c,
        h: qr.h,
        u: qr.u,
        chain: qr.chain,
        seq: qr.seq,
      }),
      fails: 'qr-unsigned',
    },
  ];
  return {
    description:
      'The QR text printed on an invoice (docs/spec/qr.md): JCS of the statement plus sig, signature = Ed25519(authority secret, signedBytes), signedBytes = UTF-8("taxchain-qr-v2\\n" + JCS(statement)). Verify against the keys of `authority` (the GET /authority response). `valid[i].statement` is what a verifier shows; its h, chain and seq name entries 1 (an invoice) and 3 (a credit note) of entries.json. Invalid texts must fail with the reason in `fails`.',
    authority: authorityListing(),
    valid,
    invalid,
  };
}
