import { z } from 'zod';

// What the printed invoice's QR code carries (docs/spec/qr.md): number, check code, the issue
// entry's hash and where to verify; the rest, and v2's signature, is for offline checks and ignored
// here (this service checks the ledger itself). v1 is still on paper printed before v2.
const qrSchema = z.object({
  v: z.union([z.literal(1), z.literal(2)]),
  n: z.string().regex(/^\d{20}$/),
  c: z.string().regex(/^\d{6}$/),
  h: z.string().regex(/^[0-9a-f]{64}$/),
});

export interface QrPayload {
  invoiceNumber: string;
  checkCode: string;
  entryHash: string;
}

/** The scanned QR text, or undefined when it is not a Tax Chain invoice code. */
export function parseQrPayload(text: string): QrPayload | undefined {
  try {
    const parsed = qrSchema.safeParse(JSON.parse(text));
    return parsed.success
      ? { invoiceNumber: parsed.data.n, checkCode: parsed.data.c, entryHash: parsed.data.h }
      : undefined;
  } catch {
    return undefined;
  }
}
