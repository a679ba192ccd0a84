import { canonicalJson, sha256, toHex, payloadHash } from '@taxchain/ledger';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import {
  checkCodeOf,
  creditNote,
  creditNoteNumber,
  invoice,
  invoiceNumbers,
  keyDocument,
  keys,
  secondInvoice,
  sign,
  voidDocument,
} from './spec-fixture';

// documents.json: what a merchant signs, the exact signing input, and the check code.

const GROUP_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;

function littleEndian(hex: string): bigint {
  return BigInt(`0x${hex.match(/../g)!.reverse().join('')}`);
}

function littleEndianHex(value: bigint): string {
  return value.toString(16).padStart(64, '0').match(/../g)!.reverse().join('');
}

const IDENTITY_POINT = `01${'00'.repeat(31)}`;
// y = p + 1: a second, non-canonical spelling of the identity point's y = 1.
const NON_CANONICAL_IDENTITY = `ee${'ff'.repeat(30)}7f`;

export function documentVectors() {
  const signed = (name: string, document: object) => ({
    name,
    document,
    signingInput: canonicalJson(document),
    signingInputSha256: toHex(sha256(utf8ToBytes(canonicalJson(document)))),
    publicKey: keys.merchant.publicKey,
    signature: sign(document),
  });
  const valid = [
    signed('key registration (signed by the registered key)', keyDocument),
    signed('invoice', invoice),
    signed('credit note', creditNote),
    signed('void', voidDocument),
  ];
  const honest = valid[1];
  const s = honest.signature.slice(64);
  const forged = { ...invoice, totals: { ...invoice.totals, gross: '61560' } };
  // R = identity, S = 0 verifies for every message under the identity key by plain RFC 8032.
  const anyMessage = `${IDENTITY_POINT}${'00'.repeat(32)}`;
  const invalid = [
    {
      ...honest,
      name: 'invoice altered after signing (gross × 10)',
      document: forged,
      signingInput: canonicalJson(forged),
      signingInputSha256: toHex(sha256(utf8ToBytes(canonicalJson(forged)))),
      fails: 'bad-signature',
    },
    {
      ...honest,
      name: 'malleated signature: S + L instead of S',
      signature: honest.signature.slice(0, 64) + littleEndianHex(littleEndian(s) + GROUP_ORDER),
      fails: 'bad-signature',
    },
    {
      ...honest,
      name: 'signed by another key than the one given',
      signature: sign(invoice, keys.stranger),
      fails: 'bad-signature',
    },
    {
      ...honest,
      name: 'small-order public key (the identity point): R = identity, S = 0 satisfies the equation',
      publicKey: IDENTITY_POINT,
      signature: anyMessage,
      fails: 'bad-signature',
    },
    {
      ...honest,
      name: 'non-canonical public key encoding (y = p + 1) of the identity point',
      publicKey: NON_CANONICAL_IDENTITY,
      signature: anyMessage,
      fails: 'bad-signature',
    },
  ];
  const checkCodes = [
    [invoiceNumbers[0], invoice],
    [invoiceNumbers[1], secondInvoice],
    [creditNoteNumber, creditNote],
  ].map(([number, document]) => ({
    number,
    documentHash: toHex(payloadHash(document)),
    checkCode: checkCodeOf(number as string, document as typeof invoice),
  }));
  return {
    description:
      'What a merchant signs (docs/spec/documents.md): signature = Ed25519(secret, UTF-8(signingInput)), signingInput = JCS(document). Invalid vectors must fail strict verification (docs/spec/encoding.md#strict-verification). checkCodes: docs/spec/documents.md#check-code, documentHash = hex SHA-256(JCS(document)).',
    merchantKey: { secretKeyLabel: keys.merchant.label, ...publicPart(keys.merchant) },
    valid,
    invalid,
    checkCodes,
  };
}

export function publicPart(key: { publicKey: string; keyId: string }) {
  return { publicKey: key.publicKey, keyId: key.keyId };
}
