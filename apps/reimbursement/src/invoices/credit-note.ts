import { checkCode, signedAmount } from '@taxchain/contracts';
import { payloadHash, toHex } from '@taxchain/ledger';

/**
 * A credit note's check code: not in its invoice.credited entry (`payload`, as recorded), it
 * derives from the note's own number and its whole signed document, as issuing computed it.
 */
export function creditNoteCheckCode(creditNoteNumber: string, payload: string): string {
  const { document } = JSON.parse(payload) as { document?: unknown };
  return checkCode(creditNoteNumber, toHex(payloadHash(document)));
}

/** An amount of a credit note as the tax document states it: negative (issuing records its size). */
export function negated(minorUnits: string): string {
  return signedAmount('credit-note', minorUnits).toString();
}
