import {
  type LedgerEntry,
  NoteSignatureType,
  checkpointNoteText,
  cosignNote,
  formatSignedNote,
  formatVerifierKey,
  fromHex,
  leafHash,
  merkleRoot,
  nobleEd25519,
  noteVerifierKey,
  signNote,
} from '@taxchain/ledger';
import { type NamedKey, keys, namedKey } from './spec-fixture';

const ORIGIN = 'taxchain.example/ledger/1';
const WITNESS = 'witness.example/w1';
const witnessKey = namedKey('taxchain spec witness');
/** 2026-11-23T10:20:00Z, the time of every cosignature here. */
const COSIGNED_AT = 1_795_429_200;

function signer(key: NamedKey, name: string, type: NoteSignatureType) {
  return {
    key: noteVerifierKey(name, type, fromHex(key.publicKey)),
    sign: (message: Uint8Array) => nobleEd25519.sign(message, key.secret),
  };
}

const vkey = (key: NamedKey, name: string, type: NoteSignatureType) =>
  formatVerifierKey(signer(key, name, type).key);

/** Vectors of docs/spec/checkpoint-notes.md: chain 1's checkpoints as C2SP signed notes. */
export function checkpointNoteVectors(entries: LedgerEntry[]) {
  const text = (size: number, origin = ORIGIN) =>
    checkpointNoteText({
      origin,
      size,
      root: merkleRoot(entries.slice(0, size).map((e) => leafHash(fromHex(e.entryHash)))),
    });
  const note = (body: string, key: NamedKey, name = ORIGIN) =>
    formatSignedNote({
      text: body,
      signatures: [signNote(body, signer(key, name, NoteSignatureType.ed25519))],
    });
  const size = entries.length;
  const current = note(text(size), keys.authority);
  const cosignature = cosignNote(
    text(size),
    signer(witnessKey, WITNESS, NoteSignatureType.cosignatureV1),
    COSIGNED_AT,
  );
  const cosigned = formatSignedNote({
    text: text(size),
    signatures: [
      signNote(text(size), signer(keys.authority, ORIGIN, NoteSignatureType.ed25519)),
      cosignature,
    ],
  });
  return {
    description:
      'Checkpoint notes (docs/spec/checkpoint-notes.md): c2sp.org/tlog-checkpoint texts of chain 1 signed as c2sp.org/signed-note by the authority under the origin as key name; `cosigned` adds a c2sp.org/tlog-cosignature by `witness`. Verify against `vkeys` (what GET /authority lists for the origin). Invalid notes must fail with the reason in `fails`.',
    origin: ORIGIN,
    vkeys: [
      vkey(keys.authority, ORIGIN, NoteSignatureType.ed25519),
      vkey(keys.retiredAuthority, ORIGIN, NoteSignatureType.ed25519),
    ],
    witness: {
      label: witnessKey.label,
      vkey: vkey(witnessKey, WITNESS, 0x04),
      cosignedAt: COSIGNED_AT,
    },
    valid: [
      { name: `size ${size}, current key`, note: current, size },
      { name: 'size 4, retired key', note: note(text(4), keys.retiredAuthority), size: 4 },
      { name: 'size 0 (the empty tree)', note: note(text(0), keys.authority), size: 0 },
      { name: `size ${size}, cosigned`, note: cosigned, size, cosigned: true },
    ],
    invalid: [
      {
        name: 'size with a leading zero',
        note: note(text(size).replace(`\n${size}\n`, `\n0${size}\n`), keys.authority),
        fails: 'note-malformed',
      },
      {
        name: 'no blank line before the signature',
        note: current.replace('\n\n', '\n'),
        fails: 'note-malformed',
      },
      {
        name: 'signed by a key the verifier does not trust',
        note: note(text(size), keys.stranger),
        fails: 'note-unknown-key',
      },
      {
        name: "another origin's text under this origin's signature line",
        note: current.replace(ORIGIN + '\n', 'taxchain.example/ledger/2\n'),
        fails: 'note-unknown-key',
      },
      {
        name: 'size raised after signing',
        note: current.replace(`\n${size}\n`, `\n${size + 1}\n`),
        fails: 'note-bad-signature',
      },
    ],
    invalidCosignatures: [
      {
        name: 'cosignature timestamp changed after signing',
        note: cosigned.replace(
          /^(— witness\.example\/w1 )(\S+)$/m,
          (_, prefix: string, b64: string) => prefix + bumpTimestamp(b64),
        ),
        fails: 'cosignature-bad',
      },
    ],
  };
}

/** The same cosignature line with its timestamp one second later (bytes 4..11 of the base64). */
function bumpTimestamp(b64: string): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes.writeBigUInt64BE(bytes.readBigUInt64BE(4) + 1n, 4);
  return bytes.toString('base64');
}
