import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const verifier = resolve(__dirname, 'verify.py');
const vectors = resolve(__dirname, '../../docs/spec/vectors');

/** The Python verifier, written from docs/spec alone (standard library only), over a vectors dir. */
function python(dir: string): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile('python3', [verifier, dir], { encoding: 'utf8', timeout: 120_000 }, (error, stdout) =>
      done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout }),
    );
  });
}

type Vectors = Record<string, unknown> & { valid: Array<Record<string, any>>; invalid: any[] };

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
        json.valid[1]!.bundle.inclusion[0] = 'f'.repeat(64);
      },
      "proof-bundles invoice.issued at seq 1: got 'not-included', want 'ok'",
    ],
    [
      'a payload edited under its old hashes, passed off as valid',
      'proof-bundles',
      (json) => {
        const entry = json.valid[2]!.bundle.entry;
        entry.payload = entry.payload.replace('"gross":"', '"gross":"9');
      },
      "proof-bundles invoice.issued at seq 2: got 'payload-mismatch', want 'ok'",
    ],
    [
      'a key directory that drops the revocation but still says revoked',
      'key-directory',
      (json) => {
        json.valid[0]!.answer.keys[0].revoked = null;
      },
      "key-directory the key, registered at seq 0 and revoked at seq 6: got {'fails': 'status-mismatch'}",
    ],
    [
      'a checkpoint note whose size was raised after signing',
      'checkpoint-notes',
      (json) => {
        json.valid[0]!.note = json.valid[0]!.note.replace('\n7\n', '\n8\n');
      },
      "checkpoint-notes size 7, current key: got 'note-bad-signature', want 'ok'",
    ],
    [
      'a document signature with S + L (malleated), passed off as valid',
      'documents',
      (json) => {
        const { fails: _, ...malleated } = json.invalid.find((v) => v.name.startsWith('malleated'));
        json.valid.push(malleated);
      },
      "documents malleated signature: S + L instead of S: got 'bad-signature', want 'ok'",
    ],
  ];

  it.each(forgeries)('refuses %s', async (_what, file, change, failure) => {
    const dir = forged(file, change);
    dirs.push(dir);
    const { code, stdout } = await python(dir);
    expect(stdout).toContain(`FAIL ${failure}`);
    expect(code).toBe(1);
  });
});
