import { utf8ToBytes } from '@noble/hashes/utils.js';
import { GENESIS_PREV_HASH, sha256, toHex } from '../crypto';
import { consistencyProof, leafHash, memorySubtree } from '../merkle';
import type { SignedCheckpoint } from './checkpoint';
import { checkpointOver } from './checkpoint.fixtures';
import { compareCheckpoints } from './compare-checkpoints';

const history = (label: string) =>
  Array.from({ length: 20 }, (_, i) => leafHash(sha256(utf8ToBytes(`${label} ${i}`))));
const honest = history('entry');
// Same first 7 entries, then a rewritten past: the fork an attacker with the database would make.
const forked = [...honest.slice(0, 7), ...history('rewritten').slice(7)];

const at = (leaves: Uint8Array[], size: number, chain = 3): SignedCheckpoint =>
  checkpointOver(leaves.slice(0, size), toHex(sha256(leaves[size - 1] ?? new Uint8Array(0))), {
    chain,
  });
const proof = (leaves: Uint8Array[], from: number, to: number) =>
  consistencyProof(from, to, memorySubtree(leaves.slice(0, to)));

describe(compareCheckpoints.name, () => {
  it('accepts a larger checkpoint with a valid consistency proof', async () => {
    expect(compareCheckpoints(at(honest, 5), at(honest, 12), await proof(honest, 5, 12))).toEqual({
      ok: true,
    });
    expect(compareCheckpoints(at(honest, 8), at(honest, 20), await proof(honest, 8, 20))).toEqual({
      ok: true,
    });
  });

  it('accepts the same checkpoint seen twice', () => {
    expect(compareCheckpoints(at(honest, 12), at(honest, 12))).toEqual({ ok: true });
  });

  it('accepts growth from the empty chain with an empty proof', () => {
    const empty = checkpointOver([], GENESIS_PREV_HASH);
    expect(compareCheckpoints(empty, at(honest, 3), [])).toEqual({ ok: true });
  });

  it('reports a smaller newer checkpoint as shrank', () => {
    expect(compareCheckpoints(at(honest, 12), at(honest, 5))).toEqual({
      ok: false,
      reason: 'shrank',
    });
  });

  it('reports two trees of one size as a fork, whether the root or the head differs', () => {
    expect(compareCheckpoints(at(honest, 12), at(forked, 12))).toEqual({
      ok: false,
      reason: 'fork-same-size',
    });
    const otherHead = { ...at(honest, 12), headHash: 'ee'.repeat(32) };
    expect(compareCheckpoints(at(honest, 12), otherHead)).toEqual({
      ok: false,
      reason: 'fork-same-size',
    });
  });

  it('reports a rewritten past as inconsistent, whichever history supplies the proof', async () => {
    const older = at(honest, 10);
    const newer = at(forked, 20);
    expect(compareCheckpoints(older, newer, await proof(forked, 10, 20))).toEqual({
      ok: false,
      reason: 'inconsistent',
    });
    expect(compareCheckpoints(older, newer, await proof(honest, 10, 20))).toEqual({
      ok: false,
      reason: 'inconsistent',
    });
  });

  it('reports growth without a proof as inconsistent', () => {
    expect(compareCheckpoints(at(honest, 5), at(honest, 12))).toEqual({
      ok: false,
      reason: 'inconsistent',
    });
  });

  it('reports checkpoints of different chains', () => {
    expect(compareCheckpoints(at(honest, 5), at(honest, 12, 4), [])).toEqual({
      ok: false,
      reason: 'chain-mismatch',
    });
  });
});
