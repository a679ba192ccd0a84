import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { resolve } from 'node:path';
import {
  canonicalJson,
  entryHash,
  payloadHash,
  generateSecretKey,
  GENESIS_PREV_HASH,
  keyId,
  nobleEd25519,
  toHex,
} from '../crypto';
import { leafHash, memorySubtree, inclusionProof, merkleRoot } from '../merkle';
import { fromHex } from '../crypto';
import { signCheckpoint, type ProofBundle } from './index';

/**
 * The offline verifier is what the CLI and the officials' browsers run: it must bundle for
 * a browser (no Node built-ins) and give the same verdict there, with the authority key alone.
 */
describe('offline proof verifier in a browser bundle', () => {
  let verify: (
    bundle: ProofBundle,
    keys: Array<[string, string]>,
  ) => { ok: boolean; reason?: string };

  beforeAll(async () => {
    const result = await build({
      stdin: {
        contents: `import { verifyProofBundle } from './checkpoint';
          import { fromHex } from './crypto';
          globalThis.verify = (bundle, keys) => verifyProofBundle(bundle, new Map(keys.map(([id, hex]) => [id, fromHex(hex)])));`,
        resolveDir: resolve(__dirname, '..'),
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
      logLevel: 'silent',
    });
    const sandbox: Record<string, unknown> = {
      crypto: globalThis.crypto,
      TextEncoder,
      TextDecoder,
    };
    sandbox.globalThis = sandbox;
    runInNewContext(result.outputFiles[0].text, sandbox);
    verify = sandbox.verify as typeof verify;
  });

  async function proofOfThird(): Promise<{ bundle: ProofBundle; keys: Array<[string, string]> }> {
    const secret = generateSecretKey();
    const publicKey = nobleEd25519.publicKeyOf(secret);
    let prevHash = GENESIS_PREV_HASH;
    const entries = Array.from({ length: 5 }, (_, seq) => {
      const payload = canonicalJson({ invoiceNumber: `inv-${seq}`, gross: '6156' });
      const fields = {
        chain: 0,
        seq,
        prevHash,
        kind: 'invoice.issued',
        subject: `inv-${seq}`,
        actor: 'merchant:x',
        payloadHash: toHex(payloadHash(JSON.parse(payload))),
        actorSignature: null,
        recordedAt: '2026-11-23T10:00:00.000Z',
        identity: `invoice.issued:${seq}`,
      };
      const hash = entryHash(fields);
      prevHash = hash;
      return { ...fields, entryHash: hash, payload };
    });
    const leaves = entries.map((e) => leafHash(fromHex(e.entryHash)));
    const checkpoint = signCheckpoint(
      {
        version: 1,
        chain: 0,
        size: 5,
        headHash: entries[4].entryHash,
        root: toHex(merkleRoot(leaves)),
        issuedAt: '2026-11-23T10:00:01.000Z',
        keyId: keyId(publicKey),
      },
      secret,
    );
    const inclusion = (await inclusionProof(2, 5, memorySubtree(leaves))).map(toHex);
    return {
      bundle: { entry: entries[2], checkpoint, index: 2, inclusion },
      keys: [[keyId(publicKey), toHex(publicKey)]],
    };
  }

  it('accepts a genuine proof with nothing but the authority public key', async () => {
    const { bundle, keys } = await proofOfThird();
    expect(verify(bundle, keys)).toEqual({ ok: true });
  });

  it('rejects a tampered entry, proof or checkpoint', async () => {
    const { bundle, keys } = await proofOfThird();
    expect(verify({ ...bundle, entry: { ...bundle.entry, subject: 'inv-9' } }, keys).ok).toBe(
      false,
    );
    const forged = bundle.entry.payload?.replace('6156', '61560');
    expect(
      verify({ ...bundle, entry: { ...bundle.entry, payload: forged ?? null } }, keys),
    ).toEqual({
      ok: false,
      reason: 'payload-mismatch',
    });
    expect(verify({ ...bundle, inclusion: [...bundle.inclusion].reverse() }, keys).ok).toBe(false);
    expect(verify({ ...bundle, checkpoint: { ...bundle.checkpoint, size: 6 } }, keys).ok).toBe(
      false,
    );
    expect(
      verify(bundle, [[keys[0][0], toHex(nobleEd25519.publicKeyOf(generateSecretKey()))]]).ok,
    ).toBe(false);
  });
});
