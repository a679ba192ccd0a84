import type { DataSource } from 'typeorm';
import { leafHash, merkleRoot, type SubtreeHash } from '../merkle';

// Aligned subtrees at least this large are remembered: entries never change, so neither do they.
const CACHE_FROM = 256;
const CACHE_LIMIT = 10_000;

/** Subtree hashes of one chain read from ledger.entries, with aligned subtrees cached. */
export class DatabaseSubtree {
  private readonly cache = new Map<string, Uint8Array>();

  constructor(private readonly dataSource: DataSource) {}

  forChain(chain: number): SubtreeHash {
    return (start, end) => this.hash(chain, start, end);
  }

  private async hash(chain: number, start: number, end: number): Promise<Uint8Array> {
    const size = end - start;
    const cacheable = size >= CACHE_FROM && (size & (size - 1)) === 0 && start % size === 0;
    const key = `${chain}:${start}:${end}`;
    const cached = cacheable ? this.cache.get(key) : undefined;
    if (cached) return cached;
    const rows = await this.dataSource.query<Array<{ entry_hash: Buffer }>>(
      'SELECT entry_hash FROM ledger.entries WHERE chain = $1 AND seq >= $2 AND seq < $3 ORDER BY seq',
      [chain, start, end],
    );
    if (rows.length !== size)
      throw new Error(`chain ${chain} has ${rows.length} entries in [${start}, ${end})`);
    const root = merkleRoot(rows.map((row) => leafHash(new Uint8Array(row.entry_hash))));
    if (cacheable) this.remember(key, root);
    return root;
  }

  private remember(key: string, root: Uint8Array): void {
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, root);
  }
}
