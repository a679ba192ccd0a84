import type { DataSource } from 'typeorm';
import { MerkleFrontier } from '../merkle';
import { DEFAULT_LEDGER_ORIGIN } from '@taxchain/platform';
import { checkpointMessage, verifyCheckpoint, type CheckpointBody } from '../checkpoint';
import { GENESIS_PREV_HASH, toHex } from '../crypto';
import { nativeEd25519 } from '../crypto/native-ed25519';
import { checkpointNoteSigner, type SigningKey } from '../authority/authority-keys';
import { chainOrigin, checkpointNoteText, signNote, signatureBytes } from '../note';
import {
  CHECKPOINT_COLUMNS,
  checkpointFromRow,
  type CheckpointRow,
} from '../storage/checkpoint-row';
import { entryPages } from '../storage/entry-pages';
import { advance, checkLink, leafOf, type ChainPosition } from '../verify/check-link';

const PAGE = 5_000;

/**
 * Seals one chain: extends the last checkpoint's Merkle frontier with the entries
 * since, checking every link on the way (the authority never signs a broken chain), after
 * checking that checkpoint's signature and that its stored frontier gives the root signed (the
 * frontier is an unsigned copy: a changed one would have the authority sign a false root),
 * and records a checkpoint signed with the authority key, both as the JSON checkpoint and as the
 * c2sp.org/tlog-checkpoint note of the chain's log origin.
 */
export class Checkpointer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly chain: number,
    private readonly key: SigningKey,
    private readonly originPrefix: string = DEFAULT_LEDGER_ORIGIN,
    /** keyId → public key: the authority keys whose checkpoints the chain may continue from. */
    private readonly trusted: ReadonlyMap<string, Uint8Array> = new Map([
      [key.keyId, key.publicKey],
    ]),
  ) {}

  /** Seals up to the current head; returns the new size, or undefined when nothing was new. */
  async seal(): Promise<number | undefined> {
    const [head] = await this.dataSource.query<Array<{ seq: string }>>(
      'SELECT seq FROM ledger.heads WHERE chain = $1',
      [this.chain],
    );
    const size = Number(head.seq) + 1;
    const last = await this.lastCheckpoint();
    if (size <= last.size) return undefined;
    const { frontier } = last;
    let position: ChainPosition = { chain: this.chain, seq: last.size - 1, hash: last.headHash };
    const pages = entryPages(this.dataSource, this.chain, position.seq, {
      pageSize: PAGE,
      beforeSeq: size,
    });
    for await (const entries of pages) {
      for (const entry of entries) {
        const broken = checkLink(position, entry);
        if (broken)
          throw new Error(
            `chain ${this.chain} not sealed: seq ${broken.seq} ${broken.reason} (${broken.detail})`,
          );
        frontier.append(leafOf(entry));
        position = advance(entry);
      }
    }
    if (position.seq + 1 < size)
      throw new Error(
        `chain ${this.chain} not sealed: entries end at ${position.seq}, head says ${size - 1}`,
      );
    await this.record(size, position.hash, frontier);
    return size;
  }

  private async record(size: number, headHash: string, frontier: MerkleFrontier): Promise<void> {
    const body: CheckpointBody = {
      version: 1,
      chain: this.chain,
      size,
      headHash,
      root: toHex(frontier.root()),
      issuedAt: new Date().toISOString(),
      keyId: this.key.keyId,
    };
    const signature = this.key.sign(checkpointMessage(body));
    const origin = chainOrigin(this.originPrefix, this.chain);
    const note = signNote(
      checkpointNoteText({ origin, size, root: frontier.root() }),
      checkpointNoteSigner(this.key, origin),
    );
    await this.dataSource.query(
      `INSERT INTO ledger.checkpoints (chain, size, head_hash, root, issued_at, key_id, signature, frontier, origin, note_signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [
        this.chain,
        size,
        Buffer.from(headHash, 'hex'),
        Buffer.from(body.root, 'hex'),
        body.issuedAt,
        body.keyId,
        Buffer.from(signature),
        JSON.stringify(frontier.toJSON()),
        origin,
        Buffer.from(signatureBytes(note)),
      ],
    );
  }

  /** The newest checkpoint, as signed, with a frontier that gives its root; throws otherwise. */
  private async lastCheckpoint(): Promise<{
    size: number;
    headHash: string;
    frontier: MerkleFrontier;
  }> {
    const [row] = await this.dataSource.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ledger.checkpoints WHERE chain = $1 ORDER BY size DESC LIMIT 1`,
      [this.chain],
    );
    if (!row) return { size: 0, headHash: GENESIS_PREV_HASH, frontier: MerkleFrontier.empty() };
    const last = checkpointFromRow(row);
    const verdict = verifyCheckpoint(last, this.trusted, nativeEd25519);
    if (!verdict.ok)
      throw new Error(`chain ${this.chain} not sealed: checkpoint ${last.size} ${verdict.reason}`);
    const frontier = MerkleFrontier.fromJSON(row.frontier);
    if (frontier.size !== last.size || toHex(frontier.root()) !== last.root)
      throw new Error(
        `chain ${this.chain} not sealed: the frontier stored with checkpoint ${last.size} does not give its signed root`,
      );
    return { size: last.size, headHash: last.headHash, frontier };
  }
}
