import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import vectors from '../../test-vectors/entry-hash.json';
import { CanonicalizationError, canonicalJson } from './canonical-json';
import {
  ENTRY_VERSION,
  type EntryHashFields,
  GENESIS_PREV_HASH,
  InvalidEntryError,
  entryHash,
  entryHashBytes,
} from './entry-hash';
import { payloadHash, sha256, toHex } from './hashes';

const entries = vectors.entries;
const first = entries[0].fields;

describe(entryHash.name, () => {
  it.each(entries.map((v) => [v.fields.seq, v] as const))(
    'reproduces the committed vector for seq %i',
    (_, vector) => {
      expect(toHex(payloadHash(vector.payload))).toBe(vector.fields.payloadHash);
      expect(canonicalJson({ version: ENTRY_VERSION, ...vector.fields })).toBe(vector.canonical);
      expect(entryHash(vector.fields)).toBe(vector.entryHash);
    },
  );

  it('is SHA-256 over the entry domain byte and the canonical document', () => {
    for (const vector of entries) {
      const input = concatBytes(Uint8Array.of(0x02), utf8ToBytes(vector.canonical));
      expect(entryHashBytes(vector.fields)).toEqual(sha256(input));
    }
  });

  it('hashes the canonicalJson text of the document for any text fields, escapes and all', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1 }),
      fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u2028', '\u00e9', '发票', '\ud83d\ude00'),
    );
    fc.assert(
      fc.property(
        text,
        text,
        text,
        text,
        fc.boolean(),
        (kind, subject, actor, identity, signed) => {
          const fields = {
            ...first,
            kind,
            subject,
            actor,
            identity,
            actorSignature: signed ? 'ab'.repeat(64) : null,
          };
          const canonical = canonicalJson({ version: ENTRY_VERSION, ...fields });
          const input = concatBytes(Uint8Array.of(0x02), utf8ToBytes(canonical));
          expect(toHex(entryHashBytes(fields))).toBe(toHex(sha256(input)));
        },
      ),
    );
  });

  it('refuses a lone surrogate in a text field, as canonicalJson does', () => {
    const fields = { ...first, subject: 'INV-\ud800' };
    expect(() => canonicalJson(fields)).toThrow(CanonicalizationError);
    expect(() => entryHash(fields)).toThrow(CanonicalizationError);
  });

  it('the vectors form one chain from the genesis hash, with null and CJK cases', () => {
    expect(GENESIS_PREV_HASH).toBe('0'.repeat(64));
    entries.forEach((vector, seq) => {
      expect(vector.fields.seq).toBe(seq);
      expect(vector.fields.prevHash).toBe(
        seq === 0 ? GENESIS_PREV_HASH : entries[seq - 1].entryHash,
      );
    });
    expect(entries.some((v) => v.fields.actorSignature === null)).toBe(true);
    expect(entries.some((v) => /[\u4e00-\u9fff]/.test(v.fields.subject))).toBe(true);
  });

  it('ignores properties that are not entry fields', () => {
    const stored = { ...first, entryHash: 'ab', id: 7 };
    expect(entryHash(stored)).toBe(entries[0].entryHash);
  });

  it.each<[keyof EntryHashFields, unknown]>([
    ['chain', 4],
    ['seq', 1],
    ['prevHash', 'f'.repeat(64)],
    ['kind', 'invoice.voided'],
    ['subject', 'INV-2'],
    ['actor', 'platform'],
    ['payloadHash', '1'.repeat(64)],
    ['actorSignature', null],
    ['recordedAt', '2026-11-23T10:00:00.001Z'],
  ])('changes when %s changes', (field, value) => {
    expect(entryHash({ ...first, [field]: value })).not.toBe(entries[0].entryHash);
  });

  it.each<[keyof EntryHashFields, unknown]>([
    ['chain', -1],
    ['chain', 1.5],
    ['seq', -1],
    ['seq', 2 ** 53],
    ['seq', '0'],
    ['prevHash', '0'.repeat(63)],
    ['prevHash', 'A'.repeat(64)],
    ['kind', ''],
    ['subject', 42],
    ['actor', ''],
    ['payloadHash', 'ab'],
    ['actorSignature', 'ab'.repeat(63)],
    ['actorSignature', undefined],
    ['recordedAt', '2026-11-23T10:00:00Z'],
    ['recordedAt', '2026-11-23T18:00:00.000+08:00'],
  ])('rejects %s = %j with InvalidEntryError naming the field', (field, value) => {
    const fields = { ...first, [field]: value };
    expect(() => entryHash(fields)).toThrow(InvalidEntryError);
    expect(() => entryHash(fields)).toThrow(`entry field ${field} must be`);
  });
});
