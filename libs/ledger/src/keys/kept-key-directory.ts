import type { Ed25519Engine } from '../crypto/ed25519';
import type { Queryable } from '../storage/queryable';
import { KeyDirectory } from './key-directory';

/**
 * A key directory kept between checks and read again only once the ledger holds key entries it
 * has not read: they only grow, so one count on a small partial index tells whether it is current.
 */
export class KeptKeyDirectory {
  private kept?: Promise<{ directory: KeyDirectory; entries: number }>;

  constructor(
    private readonly engine: Ed25519Engine,
    private readonly options: { hashChecked?: boolean } = {},
  ) {}

  /** The directory as last read, without asking the ledger; undefined before the first read. */
  async lastRead(): Promise<KeyDirectory | undefined> {
    return this.kept && (await this.kept).directory;
  }

  /** The directory as the ledger holds it now: one count, and a read when it grew. */
  async current(db: Queryable): Promise<KeyDirectory> {
    // Counted before loading: a key entry landing in between only causes one more load later.
    const entries = await KeyDirectory.entryCount(db);
    const cached = this.kept && (await this.kept);
    if (cached && cached.entries >= entries) return cached.directory;
    const loading = KeyDirectory.load(db, this.engine, this.options).then((directory) => ({
      directory,
      entries,
    }));
    this.kept = loading;
    loading.catch(() => {
      if (this.kept === loading) this.kept = undefined;
    });
    return (await loading).directory;
  }

  /** Read again at the next check, count or not (a revocation this process recorded). */
  forget(): void {
    this.kept = undefined;
  }
}
