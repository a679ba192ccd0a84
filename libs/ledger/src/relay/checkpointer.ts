import type { DataSource } from 'typeorm';
import { MerkleFrontier } from '../merkle';
import { DEFAULT_LEDGER_ORIGIN } from '@taxchain/platform';
import { checkpointMessage, type CheckpointBody } from '../checkpoint';
import { GENESIS_PREV_HASH, toHex } from '../crypto';
import { checkpointNoteSigner, type SigningKey } from '../authority/authority-keys';
import { chainOrigin, checkpointNoteText, signNote, signatureBytes } from '../note';
import { entryPages } from '../storage/entry-pages';
import { advance, checkLink, leafOf, type ChainPosition } from '../verify/check-link';

const PAGE = 5_000;

/**
 * Seals one chain: extends the last checkpoint's Merkle frontier with the entries
 * since, checking every link on the way (the authority never signs a broken chain),
 * and records a checkpoint signed with the authority key, both as the JSON checkpoint and as the
 * c2sp.org/tlog-checkpoint note of the chain's log origin.
 */
export class Checkpointer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly chain: number,
    private readonly key: SigningKey,
    private readonly originPrefix: string = DEFAULT_LEDGER_ORIGIN,
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
    const frontier = MerkleFrontier.fromJSON(last.frontier);
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

  private async lastCheckpoint(): Promise<{ size: number; headHash: string; frontier: unknown }> {
    const [row] = await this.dataSource.query<
      Array<{ size: string; head_hash: Buffer; frontier: unknown }>
    >(
      'SELECT size, head_hash, frontier FROM ledger.checkpoints WHERE chain = $1 ORDER BY size DESC LIMIT 1',
      [this.chain],
    );
    if (!row)
      return { size: 0, headHash: GENESIS_PREV_HASH, frontier: MerkleFrontier.empty().toJSON() };
    return {
      size: Number(row.size),
      headHash: row.head_hash.toString('hex'),
      frontier: row.frontier,
    };
  }
}
