import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  type LedgerEntry,
  canonicalJson,
  fromHex,
  leafHash,
  sha256,
  toHex,
} from '@taxchain/ledger';
import { HashDomain } from '@taxchain/ledger/crypto/hashes';

// entries.json: payload hash and entry hash of every entry of the fixture chain, with the exact
// hashed text, and entries that must be refused.

/** The hashed document of an entry, as docs/spec/entries.md lists it. */
export function entryDocument(entry: LedgerEntry): string {
  const { chain, seq, prevHash, kind, subject, actor, payloadHash, actorSignature } = entry;
  const { recordedAt, identity } = entry;
  return canonicalJson({
    version: 1,
    chain,
    seq,
    prevHash,
    kind,
    subject,
    actor,
    payloadHash,
    actorSignature,
    recordedAt,
    identity,
  });
}

function rawEntryHash(entry: LedgerEntry): string {
  return toHex(
    sha256(concatBytes(Uint8Array.of(HashDomain.entry), utf8ToBytes(entryDocument(entry)))),
  );
}

export function entryVectors(entries: LedgerEntry[]) {
  const valid = entries.map((entry) => ({
    entry,
    hashedDocument: entryDocument(entry),
    hashedBytesHex:
      toHex(Uint8Array.of(HashDomain.entry)) + toHex(utf8ToBytes(entryDocument(entry))),
    leafHash: toHex(leafHash(fromHex(entry.entryHash))),
  }));
  const issued = entries[1];
  const claim = entries[5];
  const tenfold = issued.payload.replace('"gross":"6156"', '"gross":"61560"');
  // Hashed as written, even where the ledger's own entryHash would refuse the fields.
  const rehashed = (changes: Record<string, unknown>) => {
    const changed = { ...issued, ...changes };
    return { ...changed, entryHash: rawEntryHash(changed) };
  };
  const invalid = [
    {
      name: 'payload altered after recording (gross × 10), hashes left alone',
      entry: { ...issued, payload: tenfold },
      fails: 'payload-mismatch',
    },
    {
      name: 'payload re-spaced: same data, not its canonical text',
      entry: { ...issued, payload: JSON.stringify(JSON.parse(issued.payload), null, 1) },
      fails: 'payload-mismatch',
    },
    {
      name: 'payload with a repeated member: the last one wins when parsed',
      entry: {
        ...claim,
        payload: claim.payload.replace('"amount":"4743"', '"amount":"4743","amount":"99999"'),
      },
      fails: 'payload-mismatch',
    },
    {
      name: 'amount edited in payload and payloadHash, entryHash left alone',
      entry: (() => {
        const payload = claim.payload.replace('"amount":"4743"', '"amount":"47430"');
        return { ...claim, payload, payloadHash: toHex(sha256(utf8ToBytes(payload))) };
      })(),
      fails: 'entry-hash-mismatch',
    },
    {
      name: 'identity changed (it is hashed like every other field)',
      entry: { ...issued, identity: `${issued.identity}-2` },
      fails: 'entry-hash-mismatch',
    },
    {
      name: 'null actorSignature written as the string "null"',
      entry: { ...claim, actorSignature: 'null' },
      fails: 'entry-malformed',
    },
    {
      name: 'recordedAt without milliseconds (hash recomputed over it)',
      entry: rehashed({ recordedAt: '2026-11-23T10:01:00Z' }),
      fails: 'entry-malformed',
    },
    {
      name: 'recordedAt that names no real day (hash recomputed over it)',
      entry: rehashed({ recordedAt: '2026-02-30T10:01:00.000Z' }),
      fails: 'entry-malformed',
    },
    {
      name: 'prevHash in uppercase hex (hash recomputed over it)',
      entry: rehashed({ prevHash: issued.prevHash.toUpperCase() }),
      fails: 'entry-malformed',
    },
    {
      name: 'seq as a string (hash recomputed over it)',
      entry: rehashed({ seq: String(issued.seq) }),
      fails: 'entry-malformed',
    },
  ];
  return {
    description:
      'Ledger entries (docs/spec/entries.md): payloadHash = hex SHA-256(UTF-8(payload)), payload being its own JCS text; entryHash = hex SHA-256(0x02 || UTF-8(hashedDocument)); leafHash = hex SHA-256(0x00 || entryHash bytes). The valid entries form chain 1, seq 0..6, linked by prevHash. Each invalid entry must be refused for the reason in `fails`, checked in the order entry-malformed, entry-hash-mismatch, payload-mismatch.',
    valid,
    invalid,
  };
}
