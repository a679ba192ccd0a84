import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifyProofBundle, type ProofBundle } from '@taxchain/ledger';

const verifier = resolve(__dirname, 'verify.py');
const vectors = resolve(__dirname, '../../docs/spec/vectors');

/** The Python verifier, written from docs/spec alone (standard library only), over a vectors dir. */
function python(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile(
      'python3',
      [verifier, ...args],
      { encoding: 'utf8', timeout: 120_000 },
      (error, stdout) =>
        done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout }),
    );
  });
}

/** One vector of any file: the members the forgeries below change. */
interface Vector {
  name: string;
  fails?: string;
  note: string;
  bundle: ProofBundle;
  answer: { keys: Array<{ revoked: ProofBundle | null }> };
  text: string;
}

interface Vectors {
  valid: Vector[];
  invalid: Vector[];
}

/** A copy of the vectors with one file changed, as a forger would serve it. */
function forged(file: string, change: (json: Vectors) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'taxchain-python-'));
  cpSync(vectors, dir, { recursive: true });
  const path = join(dir, `${file}.json`);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Vectors;
  change(json);
  writeFileSync(path, JSON.stringify(json));
  return dir;
}

/**
 * An outsider with only docs/spec rebuilds every hash, proof and signature of the spec's vectors
 * in another language, and a verifier built that way says "verified" only for what is: forged
 * answers given as valid are refused by name.
 */
describe('Python verifier written from docs/spec alone', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('agrees with every vector: valid ones verify, invalid ones fail with the named check', async () => {
    const { code, stdout } = await python(vectors);
    expect(stdout).not.toContain('FAIL');
    expect(stdout).toMatch(/^\d{3,} checks, 0 failed$/m);
    expect(code).toBe(0);
  });

  const forgeries: Array<[string, string, (json: Vectors) => void, string]> = [
    [
      'a bundle whose inclusion node was altered, passed off as valid',
      'proof-bundles',
      (json) => {
        json.valid[1].bundle.inclusion[0] = 'f'.repeat(64);
      },
      "proof-bundles invoice.issued at seq 1: got 'not-included', want 'ok'",
    ],
    [
      'a payload edited under its old hashes, passed off as valid',
      'proof-bundles',
      (json) => {
        const entry = json.valid[2].bundle.entry;
        entry.payload = entry.payload!.replace('"gross":"', '"gross":"9');
      },
      "proof-bundles invoice.issued at seq 2: got 'payload-mismatch', want 'ok'",
    ],
    [
      'a key directory that drops the revocation but still says revoked',
      'key-directory',
      (json) => {
        json.valid[0].answer.keys[0].revoked = null;
      },
      "key-directory the key, registered at seq 0 and revoked at seq 6: got {'fails': 'status-mismatch'}",
    ],
    [
      'a checkpoint note whose size was raised after signing',
      'checkpoint-notes',
      (json) => {
        json.valid[0].note = json.valid[0].note.replace('\n7\n', '\n8\n');
      },
      "checkpoint-notes size 7, current key: got 'note-bad-signature', want 'ok'",
    ],
    [
      'a printed QR code whose gross was raised, passed off as valid',
      'qr',
      (json) => {
        json.valid[0].text = json.valid[0].text.replace('"g":"61.56"', '"g":"91.56"');
      },
      "qr the invoice.issued entry at seq 1: got ('qr-bad-signature', None)",
    ],
    [
      'a document signature with S + L (malleated), passed off as valid',
      'documents',
      (json) => {
        const malleated = json.invalid.find((vector) => vector.name.startsWith('malleated'))!;
        json.valid.push({ ...malleated, fails: undefined });
      },
      "documents malleated signature: S + L instead of S: got 'bad-signature', want 'ok'",
    ],
  ];

  it("gives the platform verifier's verdict on every bundle with any member set to any JSON type or a borderline timestamp", async () => {
    const given = JSON.parse(readFileSync(join(vectors, 'proof-bundles.json'), 'utf8')) as {
      authority: { keys: Array<{ keyId: string; publicKey: string }> };
      valid: Array<{ bundle: ProofBundle }>;
      invalid: Array<{ bundle: ProofBundle }>;
    };
    const base = given.valid[1].bundle;
    const junk: unknown[] = [null, true, -1, 2 ** 53, 2 ** 53 - 1, 1.5, '', 'x', [], {}, '\ud800'];
    junk.push(
      'A'.repeat(64),
      '٣'.repeat(64),
      '2026-02-30T00:00:00.000Z',
      '2026-11-23T24:00:00.000Z',
    );
    junk.push('2026-11-23T10:00:60.000Z', '0000-01-01T00:00:00.000Z', '２026-11-23T10:00:00.000Z');
    const bundles: unknown[] = [...given.valid, ...given.invalid].map((vector) => vector.bundle);
    for (const value of junk) {
      bundles.push({ ...base, index: value }, { ...base, inclusion: value });
      for (const part of ['entry', 'checkpoint'] as const)
        for (const member of Object.keys(base[part]))
          bundles.push({ ...base, [part]: { ...base[part], [member]: value } });
    }
    const dir = mkdtempSync(join(tmpdir(), 'taxchain-python-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'bundles.json'),
      JSON.stringify({ authority: given.authority, bundles }),
    );
    const keys = new Map(
      given.authority.keys.map((key) => [key.keyId, Buffer.from(key.publicKey, 'hex')]),
    );
    const platform = bundles.map((bundle) => {
      const verdict = verifyProofBundle(bundle as ProofBundle, keys);
      return verdict.ok ? 'ok' : verdict.reason;
    });
    const { code, stdout } = await python('--bundle-verdicts', join(dir, 'bundles.json'));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(platform);
    expect(platform.filter((verdict) => verdict === 'ok')).toHaveLength(given.valid.length);
  });

  it('reads numbers by value as the platform does: seq 1.0 and index 1e0 are 1', async () => {
    const given = JSON.parse(readFileSync(join(vectors, 'proof-bundles.json'), 'utf8')) as {
      authority: unknown;
      valid: Array<{ bundle: ProofBundle }>;
    };
    const text = JSON.stringify({ authority: given.authority, bundles: [given.valid[1].bundle] })
      .replace('"seq":1,', '"seq":1.0,')
      .replace('"index":1,', '"index":1e0,');
    expect(text).toContain('"index":1e0,');
    const dir = mkdtempSync(join(tmpdir(), 'taxchain-python-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'bundles.json'), text);
    const { stdout } = await python('--bundle-verdicts', join(dir, 'bundles.json'));
    expect(JSON.parse(stdout)).toEqual(['ok']);
  });

  it.each(forgeries)('refuses %s', async (_what, file, change, failure) => {
    const dir = forged(file, change);
    dirs.push(dir);
    const { code, stdout } = await python(dir);
    expect(stdout).toContain(`FAIL ${failure}`);
    expect(code).toBe(1);
  });
});
