import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { generateSecretKey, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { issuingService } from '../../apps/issuing/src/issuing.service-definition';
import { reimbursementService } from '../../apps/reimbursement/src/reimbursement.service-definition';
import { type RegisteredMerchant, registeredMerchant } from './registered-merchant';

/**
 * The issuing and reimbursement services in one database, holding the same authority key and fed
 * over Kafka, with a merchant whose key is registered and a buyer company.
 */
export interface IssuingAndReimbursement {
  issuing: INestApplication;
  reimbursement: INestApplication;
  data: DataSource;
  merchant: RegisteredMerchant;
  buyer: { token: string; taxId: string };
  stop(): Promise<void>;
}

export async function startIssuingAndReimbursement(): Promise<IssuingAndReimbursement> {
  const database: TestDatabase = await createTestDatabase([
    ...issuingService.migrations,
    ...reimbursementService.migrations.slice(2),
  ]);
  const config = testConfig(database.url, {
    AUTHORITY_KEY: toHex(generateSecretKey()),
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_BURST: '100000',
  });
  const issuing = await createServiceApp(issuingService, config);
  const reimbursement = await createServiceApp(reimbursementService, config);
  for (const app of [issuing, reimbursement]) {
    await app.listen(0, '127.0.0.1');
    await app.startAllMicroservices();
  }
  const merchant = await registeredMerchant(issuing);
  const b = await GivenAccess.from(issuing).company();
  return {
    issuing,
    reimbursement,
    data: issuing.get(DataSource),
    merchant,
    buyer: { token: b.token, taxId: b.party.taxId },
    stop: async () => {
      await reimbursement.close();
      await issuing.close();
      await database.drop();
    },
  };
}
