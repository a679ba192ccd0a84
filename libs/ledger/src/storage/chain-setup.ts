import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GENESIS_PREV_HASH } from '../crypto';
import { LedgerSettings } from '../ledger-settings';

/**
 * Records the chain count on first start and refuses a different one later:
 * changing it would move subjects to other chains.
 */
@Injectable()
export class ChainSetup implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: LedgerSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    const chains = this.settings.chains;
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO ledger.settings (chains) VALUES ($1) ON CONFLICT (id) DO NOTHING',
        [chains],
      );
      const [row] = await tx.query<Array<{ chains: number }>>('SELECT chains FROM ledger.settings');
      if (row.chains !== chains) {
        throw new Error(
          `LEDGER_CHAINS is ${chains} but this ledger was created with ${row.chains} chains`,
        );
      }
      await tx.query(
        `INSERT INTO ledger.heads (chain, seq, hash) SELECT g, -1, $2 FROM generate_series(0, $1 - 1) g ON CONFLICT DO NOTHING`,
        [chains, Buffer.from(GENESIS_PREV_HASH, 'hex')],
      );
      await tx.query(
        `INSERT INTO ledger.relay_watermarks (chain) SELECT g FROM generate_series(0, $1 - 1) g ON CONFLICT DO NOTHING`,
        [chains],
      );
    });
  }
}
