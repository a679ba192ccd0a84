import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { GivenAccess } from '@taxchain/platform/testing';
import { MerchantSigner } from '../../scripts/load/merchant-signer';

/** A merchant with a login and a signing key registered through `POST /keys`. */
export interface RegisteredMerchant {
  token: string;
  taxId: string;
  signer: MerchantSigner;
}

export async function registeredMerchant(issuing: INestApplication): Promise<RegisteredMerchant> {
  const { token, party } = await GivenAccess.from(issuing).merchant();
  const signer = new MerchantSigner(party);
  await request(issuing.getHttpServer())
    .post('/keys')
    .set('Authorization', `Bearer ${token}`)
    .send(signer.registration())
    .expect(201);
  return { token, taxId: party.taxId, signer };
}
