// Run-time guards shared by the ledger's validators: their inputs also arrive as untyped JSON.

/** Whether `value` is an integer in [0, 2^53): a sequence number, size or index. */
export function isNonNegativeSafeInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Whether `value` is a string with at least one character. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
