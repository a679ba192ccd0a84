import type { Queryable } from '../storage/queryable';
import { GENESIS_PREV_HASH, toHex, type Ed25519Engine } from '../crypto';
import { nativeEd25519 } from '../crypto/native-ed25519';
import { MerkleFrontier } from '../merkle';
import type { SignedCheckpoint } from '../checkpoint';
import type { KeyDirectory } from '../keys/key-directory';
import type { LedgerEntry } from '../ledger-entry';
import { entryPages } from '../storage/entry-pages';
import type { ChainBreak } from './chain-break';
import { advance, checkLink, leafOf, type ChainPosition } from './check-link';
import { CheckpointLedger } from './checkpoint-ledger';

const PAGE = 5_000;
/** Entries checked between two turns of the event loop, which reads the next page meanwhile. */
const YIELD_EVERY = 500;

/** Where a chain's actor signatures were last seen to hold: its first `size` entries, at `root`. */
export interface SignaturesHeld {
  size: number;
  root: string;
}

export interface VerifyProgress {
  chain: number;
  verified: number;
  total: number;
  /** The newest checkpoint the entries reproduced so far: where a later pass can pick up. */
  lastGoodCheckpoint?: SignedCheckpoint;
}

export interface ChainVerification {
  chain: number;
  /** How many entries verified before the end or the first break. */
  verified: number;
  ok: boolean;
  break?: ChainBreak;
  /** The newest checkpoint whose root the entries reproduced. */
  lastGoodCheckpoint?: SignedCheckpoint;
  /** When ok: the Merkle root of the first `verified` entries, for a later pass to hold them at. */
  root?: string;
}

export interface VerifyOptions {
  /** Signed checkpoints seen outside the database (Kafka, a verifier's own store). */
  witnessed?: SignedCheckpoint[];
  /** Actor signatures are checked when a key directory is given. */
  keys?: KeyDirectory;
  /**
   * The first `size` entries verified earlier, actor signatures included, with this directory
   * (or one it extends), and reproduced `root` then: their signatures are not checked again, and
   * unless they reproduce `root` again the chain is broken. Equal roots mean equal entry hashes,
   * which cover every stored field, so the entries are byte for byte those whose signatures held.
   */
  signaturesHeld?: SignaturesHeld;
  /** Start after this checkpoint (its signature checked, its frontier trusted). */
  resumeFrom?: { size: number; headHash: string; frontier: unknown };
  onProgress?: (progress: VerifyProgress) => void;
  signal?: AbortSignal;
  /** Entries read per query (5,000 by default); smaller pages pace a throttled pass evenly. */
  pageSize?: number;
  /** Awaited after each page with its entry count: a background pass waits here to keep its rate. */
  throttle?: (entries: number) => Promise<void>;
}

/**
 * Streams one chain from PostgreSQL in constant memory and names the first bad
 * seq: broken links, recomputed hashes, signatures, and roots that do not match
 * signed checkpoints — including checkpoints held outside the table, which catch a
 * rewrite with recomputed hashes or a rollback to an older copy.
 */
export class ChainVerifier {
  /** `engine` checks the checkpoints' signatures: native on a server, where every pass reads them. */
  constructor(
    private readonly dataSource: Queryable,
    private readonly authorityKeys: ReadonlyMap<string, Uint8Array>,
    private readonly engine: Ed25519Engine = nativeEd25519,
  ) {}

  async verify(chain: number, options: VerifyOptions = {}): Promise<ChainVerification> {
    const afterSeq = options.resumeFrom ? options.resumeFrom.size - 1 : -1;
    const pages = entryPages(this.dataSource, chain, afterSeq, {
      pageSize: options.pageSize ?? PAGE,
    });
    // The first page is read while the checkpoints load: it was the one page of a chain whose
    // reading nothing overlapped. A pass that stops before it never awaits it.
    const firstPage = pages.next();
    firstPage.catch(() => undefined);
    const checkpoints = new CheckpointLedger(chain, this.authorityKeys, this.engine);
    const invalid = await checkpoints.load(
      this.dataSource,
      options.witnessed ?? [],
      options.resumeFrom?.size,
    );
    if (invalid) return { chain, verified: 0, ok: false, break: invalid };
    const total = await this.size(chain);
    const frontier = options.resumeFrom
      ? MerkleFrontier.fromJSON(options.resumeFrom.frontier)
      : MerkleFrontier.empty();
    let position: ChainPosition = {
      chain,
      seq: afterSeq,
      hash: options.resumeFrom?.headHash ?? GENESIS_PREV_HASH,
    };
    let lastGood: SignedCheckpoint | undefined;
    const brokenAt = (found: ChainBreak): ChainVerification => ({
      chain,
      verified: position.seq + 1,
      ok: false,
      break: found,
      lastGoodCheckpoint: lastGood,
    });
    // Resumed exactly where the signatures held: the resumed frontier must have their root.
    const moved = this.changedSinceHeld(chain, frontier, options.signaturesHeld, 0);
    if (moved) return brokenAt(moved);
    options.signal?.throwIfAborted();
    for (let page = await firstPage; !page.done; page = await pages.next()) {
      const entries = page.value;
      options.signal?.throwIfAborted();
      for (let i = 0; i < entries.length; i += 1) {
        // The next page's rows arrive on the socket while this one is checked: taken in as they
        // come, or PostgreSQL stops on a full socket buffer and most of the page is read after.
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise(setImmediate);
        const entry = entries[i];
        const broken =
          checkLink(position, entry) ??
          this.signatureBreak(entry, options.keys, position, options.signaturesHeld);
        if (broken) return brokenAt(broken);
        frontier.append(leafOf(entry));
        position = advance(entry);
        const changed = this.changedSinceHeld(
          chain,
          frontier,
          options.signaturesHeld,
          lastGood?.size ?? options.resumeFrom?.size ?? 0,
        );
        if (changed) return brokenAt(changed);
        const sealed = checkpoints.at(frontier.size);
        if (sealed) {
          const mismatch = checkpoints.match(
            sealed,
            toHex(frontier.root()),
            position.hash,
            lastGood,
          );
          if (mismatch) return brokenAt(mismatch);
          lastGood = sealed[0];
        }
      }
      options.onProgress?.({
        chain,
        verified: position.seq + 1,
        total,
        lastGoodCheckpoint: lastGood,
      });
      await options.throttle?.(entries.length);
    }
    const shrank =
      checkpoints.beyond(position.seq + 1, lastGood) ??
      this.shorterThanHeld(chain, position.seq + 1, options.signaturesHeld);
    if (shrank) return brokenAt(shrank);
    return {
      chain,
      verified: position.seq + 1,
      ok: true,
      lastGoodCheckpoint: lastGood,
      root: toHex(frontier.root()),
    };
  }

  /**
   * At the size whose signatures held: a root other than it had then is a rewrite, of entries
   * from `from` (the last root reproduced) on.
   */
  private changedSinceHeld(
    chain: number,
    frontier: MerkleFrontier,
    held: SignaturesHeld | undefined,
    from: number,
  ): ChainBreak | undefined {
    if (frontier.size !== held?.size || toHex(frontier.root()) === held.root) return undefined;
    return {
      chain,
      seq: from,
      reason: 'checkpoint-mismatch',
      detail: `entries ${from}..${held.size - 1} do not reproduce the root ${held.root} they had when their signatures were verified`,
    };
  }

  /** Entries whose signatures held are gone: the chain was cut below them. */
  private shorterThanHeld(
    chain: number,
    size: number,
    held: SignaturesHeld | undefined,
  ): ChainBreak | undefined {
    if (held === undefined || size >= held.size) return undefined;
    return {
      chain,
      seq: size,
      reason: 'checkpoint-shrank',
      detail: `chain has ${size} entries but its first ${held.size} were verified before`,
    };
  }

  private signatureBreak(
    entry: LedgerEntry,
    keys: KeyDirectory | undefined,
    position: ChainPosition,
    held: SignaturesHeld | undefined,
  ): ChainBreak | undefined {
    if (!keys) return undefined;
    keys.learn(entry);
    if (entry.seq < (held?.size ?? 0)) return undefined;
    const verdict = keys.verdict(entry);
    if (verdict === 'ok') return undefined;
    return {
      chain: position.chain,
      seq: entry.seq,
      reason: verdict,
      detail: `actor signature of ${entry.kind} ${entry.subject}: ${verdict}`,
    };
  }

  /** The chain's length for progress, from its head: counting its entries reads them all. */
  private async size(chain: number): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: string }>>(
      'SELECT seq + 1 AS n FROM ledger.heads WHERE chain = $1',
      [chain],
    );
    return Number(row?.n ?? 0);
  }
}
