import { DataSource } from 'typeorm';
import { testConfig } from '@taxchain/platform/testing';
import { Metrics, PreparingClient, type AppConfig } from '@taxchain/platform';
import { LedgerAppender } from '../append/ledger-appender';
import { AuthorityKeys } from '../authority/authority-keys';
import { generateSecretKey, toHex } from '../crypto';
import { LedgerSettings } from '../ledger-settings';
import { ChainSetup } from '../storage/chain-setup';
import { LedgerReader } from '../storage/ledger-reader';
import { ReadFindings } from '../verify/read-findings';
import { ServedEntries } from '../verify/served-entries';

export interface LedgerHarness {
  config: AppConfig;
  dataSource: DataSource;
  settings: LedgerSettings;
  authority: AuthorityKeys;
  appender: LedgerAppender;
  reader: LedgerReader;
  close(): Promise<void>;
}

/** The ledger's parts wired by hand on an existing, migrated database (no Nest container). */
export async function ledgerHarness(
  url: string,
  overrides: Record<string, string> = {},
): Promise<LedgerHarness> {
  const config = testConfig(url, {
    LEDGER_CHAINS: '4',
    AUTHORITY_KEY: toHex(generateSecretKey()),
    ...overrides,
  });
  // The services' pool client (statements prepared per connection), so appends cost what they do there.
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    poolSize: 10,
    extra: { Client: PreparingClient },
  }).initialize();
  const settings = new LedgerSettings(config);
  await new ChainSetup(dataSource, settings).onModuleInit();
  const appender = new LedgerAppender(dataSource, settings, new Metrics());
  return {
    config,
    dataSource,
    settings,
    authority: new AuthorityKeys(config),
    appender,
    reader: new LedgerReader(dataSource, settings, new ServedEntries(new ReadFindings(dataSource))),
    close: async () => {
      await appender.onApplicationShutdown();
      await dataSource.destroy();
    },
  };
}
