import { z } from 'zod';
import type { LedgerEntry } from '../ledger-entry';

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));

const entrySchema = z.strictObject({
  chain: z.number().int().nonnegative(),
  seq: z.number().int().nonnegative(),
  prevHash: hex(32),
  entryHash: hex(32),
  kind: z.string().min(1),
  subject: z.string().min(1),
  actor: z.string().min(1),
  payload: z.string(),
  payloadHash: hex(32),
  actorSignature: hex(64).nullable(),
  recordedAt: z.string(),
  identity: z.string().min(1),
});

/** A relayed entry as it arrives on Kafka; undefined when it is not one (reported as a break). */
export function parseEntryMessage(value: Buffer | null): LedgerEntry | undefined {
  if (!value) return undefined;
  try {
    const parsed = entrySchema.safeParse(JSON.parse(value.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
