import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { generateSecretKey, toHex } from '@taxchain/ledger';
import { createServiceApp, type AppConfig } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { auditService } from '../../../apps/audit/src/audit.service-definition';
import { issuingService } from '../../../apps/issuing/src/issuing.service-definition';
import { reimbursementService } from '../../../apps/reimbursement/src/reimbursement.service-definition';
import type { MerchantSigner } from '../../../scripts/load/merchant-signer';
import { registeredMerchant } from '../../support/registered-merchant';

/** Webhook settings for tests: loopback receivers, short waits (documented in docs/runbook.md). */
export const WEBHOOK_TEST_SETTINGS = {
  WEBHOOKS_ALLOW_LOOPBACK: 'true',
  WEBHOOKS_RETRY_BASE_MS: '200',
  WEBHOOKS_RETRY_MAX_MS: '1000',
  WEBHOOKS_TIMEOUT_MS: '2000',
};

export interface PublishedKey {
  keyId: string;
  publicKey: string;
  retiredAt: string | null;
}

export interface IssuedInvoice {
  invoiceNumber: string;
  checkCode: string;
  /** When the 201 arrived. */
  at: number;
}

/**
 * Issuing and reimbursement (and the audit service, when asked, reading the reimbursement
 * service over HTTP) on one ledger, a merchant with a key, and buyer companies.
 */
export class WebhookPlatform {
  private constructor(
    readonly database: TestDatabase,
    readonly config: AppConfig,
    readonly issuing: INestApplication,
    readonly reimbursement: INestApplication,
    private readonly merchant: { token: string; signer: MerchantSigner },
    readonly audit?: INestApplication,
  ) {}

  static async start(
    settings: Record<string, string> = WEBHOOK_TEST_SETTINGS,
    options: { audit?: boolean } = {},
  ): Promise<WebhookPlatform> {
    const database = await createTestDatabase([
      ...issuingService.migrations,
      ...reimbursementService.migrations.slice(2),
      ...(options.audit ? auditService.migrations.slice(2) : []),
    ]);
    const config = testConfig(database.url, {
      AUTHORITY_KEY: toHex(generateSecretKey()),
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
      ...settings,
    });
    const issuing = await createServiceApp(issuingService, config);
    const reimbursement = await createServiceApp(reimbursementService, config);
    for (const app of [issuing, reimbursement]) {
      await app.listen(0, '127.0.0.1');
      await app.startAllMicroservices();
    }
    let audit: INestApplication | undefined;
    if (options.audit) {
      const reimbursementUrl = (await reimbursement.getUrl()).replace('[::1]', '127.0.0.1');
      audit = await createServiceApp(auditService, {
        ...config,
        REIMBURSEMENT_URL: reimbursementUrl,
      });
      await audit.listen(0, '127.0.0.1');
      await audit.startAllMicroservices();
    }
    const { token, signer } = await registeredMerchant(issuing);
    return new WebhookPlatform(database, config, issuing, reimbursement, { token, signer }, audit);
  }

  async stop(): Promise<void> {
    await this.audit?.close();
    await this.reimbursement.close();
    await this.issuing.close();
    await this.database.drop();
  }

  async company(): Promise<{ token: string; taxId: string }> {
    const { token, party } = await GivenAccess.from(this.issuing).company();
    return { token, taxId: party.taxId };
  }

  /** The reimbursement API as a company. */
  as(token: string) {
    const server = this.reimbursement.getHttpServer() as Parameters<typeof request>[0];
    return {
      get: (path: string) => request(server).get(path).set('Authorization', `Bearer ${token}`),
      post: (path: string, body?: object) =>
        request(server).post(path).set('Authorization', `Bearer ${token}`).send(body),
    };
  }

  /** A company's published webhook keys, read as anyone can (no credential). */
  async publishedKeys(taxId: string): Promise<PublishedKey[]> {
    const server = this.reimbursement.getHttpServer() as Parameters<typeof request>[0];
    const { body } = await request(server).get(`/webhooks/keys/${taxId}`).expect(200);
    return (body as { keys: PublishedKey[] }).keys;
  }

  async register(
    token: string,
    url: string,
    eventTypes: string[],
  ): Promise<{ endpointId: string }> {
    const { body } = await this.as(token)
      .post('/webhooks/endpoints', { url, eventTypes })
      .expect(201);
    return body as { endpointId: string };
  }

  /** An invoice to the buyer, named as the merchant names it ('Pudong Tools' unless given). */
  async issue(buyerTaxId: string, buyerName?: string): Promise<IssuedInvoice> {
    const { signer } = this.merchant;
    const buyer = buyerName ? { buyer: { taxId: buyerTaxId, name: buyerName } } : {};
    const { body } = await this.asMerchant(
      '/invoices',
      signer.signed(signer.invoice(buyerTaxId, buyer)),
    ).expect(201);
    return { ...(body as { invoiceNumber: string; checkCode: string }), at: Date.now() };
  }

  async void(invoiceNumber: string): Promise<void> {
    await this.asMerchant(
      `/invoices/${invoiceNumber}/void`,
      this.merchant.signer.void(invoiceNumber),
    ).expect(200);
  }

  /** A credit note taking back one tin of tea (1413 fen gross), as test/issuing builds them. */
  async creditOneTin(buyerTaxId: string, invoiceNumber: string): Promise<void> {
    const { signer } = this.merchant;
    const note = signer.invoice(buyerTaxId, {
      kind: 'credit-note',
      creditedInvoiceNumber: invoiceNumber,
      lineInputs: [
        {
          description: 'Wuyi rock tea, 250 g tin',
          quantity: '1',
          unitPrice: '12.50',
          taxRate: '0.13',
        },
      ],
    });
    await this.asMerchant(`/invoices/${invoiceNumber}/credit-notes`, signer.signed(note)).expect(
      201,
    );
  }

  private asMerchant(path: string, body: object) {
    return request(this.issuing.getHttpServer() as Parameters<typeof request>[0])
      .post(path)
      .set('Authorization', `Bearer ${this.merchant.token}`)
      .send(body);
  }
}
