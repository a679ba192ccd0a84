import { base64urlnopad } from '@scure/base';
import { publicCheckUrl } from '@taxchain/contracts/public-check';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  type Ed25519Engine,
  HASH_LENGTH,
  canonicalBytes,
  canonicalJson,
  isIsoMillisUtc,
  isLowerHex,
  keyId,
  nobleEd25519,
} from '../crypto';
import { isNonEmptyString, isNonNegativeSafeInteger } from '../crypto/guards';

/** Version of the printed QR payload that carries the authority's signed statement. */
export const INVOICE_QR_VERSION = 2;

// Domain separation: a QR statement can never be taken for a checkpoint or a note.
const QR_CONTEXT = utf8ToBytes('taxchain-qr-v2\n');
const KEY_ID_LENGTH = 16;
const SIGNATURE_LENGTH = 64;

/**
 * What the tax authority states about one printed invoice (or credit note), taken from the ledger
 * entry that issued it. Short member names keep the QR symbol small enough to scan from paper.
 */
export interface InvoiceStatement {
  v: 2;
  /** Invoice number, 20 digits. */
  n: string;
  /** Issue date, YYYY-MM-DD. */
  d: string;
  /** Check code (校验码), 6 digits. */
  c: string;
  /** Gross (价税合计) in major units with two decimals; negative for a credit note. */
  g: string;
  /** ISO 4217 currency code. */
  cur: string;
  /** Seller and buyer tax ids. */
  s: string;
  b: string;
  /** The issuing ledger entry: its hash, chain and seq. */
  h: string;
  chain: number;
  seq: number;
  /** Base URL of the public check (PUBLIC_VERIFY_URL): the invoice's page is {@link invoiceCheckUrl}. */
  u: string;
  /** keyId of the authority key that signs. */
  k: string;
}

/** The statement with the authority's signature: what the QR code carries, as {@link invoiceQrText}. */
export interface InvoiceQr extends InvoiceStatement {
  /** base64url (no padding) of the 64-byte ed25519 signature over {@link invoiceQrMessage}. */
  sig: string;
}

export type InvoiceQrFailure =
  'qr-malformed' | 'qr-unsigned' | 'qr-unknown-key' | 'qr-bad-signature';

/** Outcome of {@link verifyInvoiceQr}. */
export type InvoiceQrVerdict =
  { ok: true; statement: InvoiceStatement } | { ok: false; reason: InvoiceQrFailure };

/** Signs with the authority's current key (the public half is checked against `k`). */
export interface StatementSigner {
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/** The statement's members in the order of docs/spec/qr.md. */
export const INVOICE_STATEMENT_MEMBERS = [
  'v',
  'n',
  'd',
  'c',
  'g',
  'cur',
  's',
  'b',
  'h',
  'chain',
  'seq',
  'u',
  'k',
] as const;

/** The signed bytes: context line, then the canonical statement (every member but `sig`). */
export function invoiceQrMessage(statement: InvoiceStatement): Uint8Array {
  const problem = statementProblem(statement);
  if (problem !== undefined) throw new RangeError(`malformed QR statement: ${problem}`);
  return concatBytes(QR_CONTEXT, canonicalBytes(statementOf(statement)));
}

/**
 * Signs a statement. Throws when it is malformed or names another key, and checks the signature
 * before returning it: an unverifiable QR must never be printed.
 */
export function signInvoiceQr(
  statement: InvoiceStatement,
  signer: StatementSigner,
  engine: Ed25519Engine = nobleEd25519,
): InvoiceQr {
  if (keyId(signer.publicKey) !== statement.k)
    throw new RangeError('QR statement k is not the signing key');
  const message = invoiceQrMessage(statement);
  const signature = signer.sign(message);
  if (!engine.verify(signature, message, signer.publicKey))
    throw new Error('QR statement signature does not verify');
  return { ...statementOf(statement), sig: base64urlnopad.encode(signature) };
}

/** The public check page (no login) pre-filled with the stated facts: `<u>/check?number=…`. */
export function invoiceCheckUrl(statement: InvoiceStatement): string {
  const { u, n: number, d: date, c: code, g: amount } = statement;
  return publicCheckUrl(u, { number, date, code, amount });
}

/** The text the QR code encodes: the signed payload in its one canonical spelling (RFC 8785). */
export function invoiceQrText(qr: InvoiceQr): string {
  return canonicalJson(qr);
}

/**
 * Checks a scanned QR text offline against the authority's keys (keyId → key): its spelling,
 * its members, then the signature. Only a verified statement is returned.
 */
export function verifyInvoiceQr(
  text: string,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
  engine: Ed25519Engine = nobleEd25519,
): InvoiceQrVerdict {
  const parsed = parseObject(text);
  if (parsed?.v === 1) return { ok: false, reason: 'qr-unsigned' };
  // One spelling only: no duplicate, reordered or differently escaped members.
  if (parsed === undefined || !isCanonical(parsed, text))
    return { ok: false, reason: 'qr-malformed' };
  const { sig, ...statement } = parsed as Partial<InvoiceQr>;
  const signature = decodeSignature(sig);
  const extra = Object.keys(statement).some(
    (name) => !(INVOICE_STATEMENT_MEMBERS as readonly string[]).includes(name),
  );
  if (extra || signature === undefined || statementProblem(statement) !== undefined)
    return { ok: false, reason: 'qr-malformed' };
  const valid = statement as InvoiceStatement;
  const publicKey = authorityKeys.get(valid.k);
  if (publicKey === undefined || keyId(publicKey) !== valid.k)
    return { ok: false, reason: 'qr-unknown-key' };
  return engine.verify(signature, invoiceQrMessage(valid), publicKey)
    ? { ok: true, statement: statementOf(valid) }
    : { ok: false, reason: 'qr-bad-signature' };
}

/** The JSON object a text holds, or undefined. */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isCanonical(value: Record<string, unknown>, text: string): boolean {
  try {
    return canonicalJson(value) === text;
  } catch {
    // A lone surrogate has no canonical form.
    return false;
  }
}

function decodeSignature(sig: unknown): Uint8Array | undefined {
  if (typeof sig !== 'string') return undefined;
  try {
    // @scure/base refuses non-zero padding bits, so one signature has one spelling.
    const bytes = base64urlnopad.decode(sig);
    return bytes.length === SIGNATURE_LENGTH ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** What is wrong with a statement's members, or undefined. Statements arrive as untyped JSON. */
function statementProblem(
  value: Partial<Record<keyof InvoiceStatement, unknown>>,
): string | undefined {
  if (value.v !== INVOICE_QR_VERSION) return 'unknown version';
  if (!matches(value.n, /^\d{20}$/)) return 'n is not 20 digits';
  if (!matches(value.d, /^\d{4}-\d{2}-\d{2}$/) || !isIsoMillisUtc(`${value.d}T00:00:00.000Z`))
    return 'd is not a date YYYY-MM-DD';
  if (!matches(value.c, /^\d{6}$/)) return 'c is not 6 digits';
  if (!matches(value.g, /^-?(0|[1-9]\d*)\.\d{2}$/) || value.g === '-0.00')
    return 'g is not an amount with two decimals';
  if (!matches(value.cur, /^[A-Z]{3}$/)) return 'cur is not an ISO 4217 code';
  if (!isNonEmptyString(value.s) || !isNonEmptyString(value.b)) return 's or b is not a tax id';
  if (!isLowerHex(value.h, HASH_LENGTH)) return 'h is not 64 lowercase hex digits';
  if (!isNonNegativeSafeInteger(value.chain) || !isNonNegativeSafeInteger(value.seq))
    return 'chain or seq is not a non-negative integer';
  if (!matches(value.u, /^https?:\/\/\S+$/)) return 'u is not an http(s) URL';
  if (!isLowerHex(value.k, KEY_ID_LENGTH)) return 'k is not 32 lowercase hex digits';
  return undefined;
}

function matches(value: unknown, pattern: RegExp): value is string {
  return typeof value === 'string' && pattern.test(value);
}

/** The statement members alone, picked one by one so a signature or extra property is never signed. */
function statementOf(statement: InvoiceStatement): InvoiceStatement {
  const { v, n, d, c, g, cur, s, b, h, chain, seq, u, k } = statement;
  return { v, n, d, c, g, cur, s, b, h, chain, seq, u, k };
}
