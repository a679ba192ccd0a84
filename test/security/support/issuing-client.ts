import type { DataSource } from 'typeorm';
import { MerchantSigner } from '../../../scripts/load/merchant-signer';
import { httpCall, type HttpAnswer } from './http-call';
import type { SecurityPlatform } from './security-platform';

/** A merchant with a registered key, and a buyer, on a running issuing service. */
export interface IssuingParties {
  token: string;
  signer: MerchantSigner;
  buyerTaxId: string;
  post(path: string, body: unknown): Promise<HttpAnswer>;
}

export async function givenIssuingParties(platform: SecurityPlatform): Promise<IssuingParties> {
  const merchant = await platform.given.merchant();
  const buyer = await platform.given.company();
  const signer = new MerchantSigner(merchant.party);
  const post = (path: string, body: unknown) =>
    httpCall(platform.urls.issuing, { method: 'POST', path, token: merchant.token, body });
  const registered = await post('/keys', signer.registration());
  if (registered.status !== 201) throw new Error(`key registration: ${registered.text}`);
  return { token: merchant.token, signer, buyerTaxId: buyer.party.taxId, post };
}

/** Invoice rows and invoice.issued entries for one seller's document number. */
export async function issuedCopies(
  db: DataSource,
  sellerTaxId: string,
  documentNumber: string,
): Promise<{ invoices: number; entries: number }> {
  const [row] = await db.query<Array<{ invoices: number; entries: number }>>(
    `SELECT (SELECT count(*)::int FROM issuing.invoices
              WHERE seller_tax_id = $1 AND document_number = $2) AS invoices,
            (SELECT count(*)::int FROM ledger.entries
              WHERE kind = 'invoice.issued' AND payload::jsonb->'document'->'seller'->>'taxId' = $1
                AND payload::jsonb->'document'->>'documentNumber' = $2) AS entries`,
    [sellerTaxId, documentNumber],
  );
  return row;
}
