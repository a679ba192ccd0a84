import { base64 } from '@scure/base';
import { nobleEd25519, sha256 } from '../crypto';
import { checkpointNoteText, parseCheckpointNoteText } from './checkpoint-note';
import { cosignNote, cosignatureTime, noteSignedBy, signNote } from './note-signatures';
import {
  NoteSignatureType,
  formatSignedNote,
  formatVerifierKey,
  noteVerifierKey,
  parseSignedNote,
  parseVerifierKey,
} from './signed-note';

// Known answer from Go's golang.org/x/mod/sumdb/note tests (TestSign): the secret seed of
// PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALV…, its vkey, and the exact note Go signs with it.
const neumannSeed = base64.decode('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz').subarray(1);
const neumannVkey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const neumannText =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n";
const neumannNote =
  `${neumannText}\n` +
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

function signer(seed: Uint8Array, name: string, type: NoteSignatureType) {
  const key = noteVerifierKey(name, type, nobleEd25519.publicKeyOf(seed));
  return { key, sign: (message: Uint8Array) => nobleEd25519.sign(message, seed) };
}

const neumann = signer(neumannSeed, 'PeterNeumann', NoteSignatureType.ed25519);

describe('signed notes (c2sp.org/signed-note)', () => {
  it("computes Go's key ID and vkey for the same key", () => {
    expect(formatVerifierKey(neumann.key)).toBe(neumannVkey);
    expect(parseVerifierKey(neumannVkey)).toEqual(neumann.key);
  });

  it('reads a vkey whose base64 key material contains a plus', () => {
    const vkey = 'taxchain.example/ledger/1+f10787db+Aa+BREM0874g4o+HHDsJkxUxmiEUs6q99CFLCOlz7H1j';
    expect(formatVerifierKey(parseVerifierKey(vkey)!)).toBe(vkey);
  });

  it('signs a note byte for byte as Go does', () => {
    const note = { text: neumannText, signatures: [signNote(neumannText, neumann)] };
    expect(formatSignedNote(note)).toBe(neumannNote);
  });

  it('opens the note Go signed, and refuses it altered or under another key', () => {
    const key = parseVerifierKey(neumannVkey)!;
    expect(noteSignedBy(parseSignedNote(neumannNote)!, key)).toBe(true);
    const altered = parseSignedNote(neumannNote.replace('answer', 'answers'))!;
    expect(noteSignedBy(altered, key)).toBe(false);
    const other = signer(sha256(new Uint8Array([1])), 'PeterNeumann', NoteSignatureType.ed25519);
    expect(noteSignedBy(parseSignedNote(neumannNote)!, other.key)).toBe(false);
  });

  it.each([
    ['no final newline', neumannNote.slice(0, -1)],
    ['no blank line', neumannNote.replace('\n\n', '\n')],
    ['a control character', neumannNote.replace('answer', 'ans\twer')],
    ['a signature line without the em dash', neumannNote.replace('—', '-')],
    ['a name with a plus', neumannNote.replace('— PeterNeumann', '— Peter+Neumann')],
    ['unpadded base64', neumannNote.replace('nAM=', 'nAM')],
    ['a signature of four bytes', `${neumannText}\n— PeterNeumann x08go/==\n`],
  ])('refuses a note with %s', (_, note) => {
    expect(parseSignedNote(note)).toBeUndefined();
  });

  it.each([
    ['a wrong key ID', neumannVkey.replace('c74f20a3', 'c74f20a4')],
    ['an unknown type', 'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['two parts', 'PeterNeumann+c74f20a3'],
  ])('refuses a vkey with %s', (_, vkey) => {
    expect(parseVerifierKey(vkey)).toBeUndefined();
  });
});

describe('checkpoint notes (c2sp.org/tlog-checkpoint)', () => {
  const root = sha256(new Uint8Array([7]));

  it('are origin, decimal size and base64 root, one per line', () => {
    const text = checkpointNoteText({ origin: 'tax.example/ledger/1', size: 42, root });
    expect(text).toBe(`tax.example/ledger/1\n42\n${base64.encode(root)}\n`);
    expect(parseCheckpointNoteText(text)).toEqual({
      origin: 'tax.example/ledger/1',
      size: 42,
      root,
    });
  });

  it.each([
    ['a leading zero', `o\n042\n${base64.encode(root)}\n`],
    ['a short root', `o\n42\n${base64.encode(root.subarray(1))}\n`],
    ['an empty origin', `\n42\n${base64.encode(root)}\n`],
    ['two lines', `o\n42\n`],
  ])('refuses a text with %s', (_, text) => {
    expect(parseCheckpointNoteText(text)).toBeUndefined();
  });
});

describe('cosignatures (c2sp.org/tlog-cosignature)', () => {
  const witness = signer(
    sha256(new Uint8Array([9])),
    'w.example/1',
    NoteSignatureType.cosignatureV1,
  );
  const text = checkpointNoteText({ origin: 'o', size: 3, root: sha256(new Uint8Array()) });

  it('sign cosignature/v1, the time line and the note text, after an 8-byte timestamp', () => {
    const cosignature = cosignNote(text, witness, 1_679_315_147);
    expect(cosignature.signature).toHaveLength(72);
    expect(Buffer.from(cosignature.signature.subarray(0, 8)).readBigUInt64BE()).toBe(
      1_679_315_147n,
    );
    const message = new TextEncoder().encode(`cosignature/v1\ntime 1679315147\n${text}`);
    expect(
      nobleEd25519.verify(cosignature.signature.subarray(8), message, witness.key.publicKey),
    ).toBe(true);
    expect(cosignatureTime(text, cosignature, witness.key)).toBe(1_679_315_147);
  });

  it('do not verify for another text, another time or an ed25519 (0x01) key of the same name', () => {
    const cosignature = cosignNote(text, witness, 1_679_315_147);
    expect(cosignatureTime(text.replace('3', '4'), cosignature, witness.key)).toBeUndefined();
    const later = { ...cosignature, signature: cosignature.signature.slice() };
    later.signature[7] ^= 1;
    expect(cosignatureTime(text, later, witness.key)).toBeUndefined();
    const plain = noteVerifierKey('w.example/1', NoteSignatureType.ed25519, witness.key.publicKey);
    expect(cosignatureTime(text, cosignature, plain)).toBeUndefined();
  });
});
