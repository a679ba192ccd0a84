import {
  CredentialVerifier,
  CredentialsRepository,
  PartiesRepository,
  TaxIdPolicy,
} from '@taxchain/platform/access/store';
import type { AppConfig } from '@taxchain/platform/config/config.schema';
import type { DataSource } from 'typeorm';
import { CredentialsService } from './credentials.service';
import { PartiesService } from './parties.service';

export interface AdminServices {
  parties: PartiesService;
  credentials: CredentialsService;
}

/**
 * The admin services wired by hand, for the `npm run admin` CLI: the same repositories and
 * rules as the HTTP API, without booting a service (and its Kafka client) to run one command.
 */
export function createAdminServices(
  db: DataSource,
  config: Pick<AppConfig, 'TAX_ID_PATTERN'>,
): AdminServices {
  const parties = new PartiesRepository(db);
  const credentials = new CredentialsRepository(db);
  // A one-shot process serves no requests: its verifier caches nothing.
  const verifier = new CredentialVerifier(credentials, { AUTH_CACHE_TTL_MS: 0 });
  return {
    parties: new PartiesService(parties, new TaxIdPolicy(config)),
    credentials: new CredentialsService(credentials, parties, verifier),
  };
}
