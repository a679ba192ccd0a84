import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { MerchantSigner } from '../../scripts/load/merchant-signer';

/** What the merchant got back for a document, and the PDF the issuing service prints of it. */
export interface PrintedDocument {
  receipt: { invoiceNumber: string; checkCode: string; entryHash: string };
  document: ReturnType<MerchantSigner['invoice']>;
  pdf: Buffer;
}

/**
 * Issues an invoice to `buyerTaxId` (or, given `credits`, a credit note of that invoice) as the
 * merchant, then downloads the document's printed PDF.
 */
export async function issuedAndPrinted(
  issuing: INestApplication,
  merchant: { token: string; signer: MerchantSigner },
  buyerTaxId: string,
  credits?: string,
): Promise<PrintedDocument> {
  const document = merchant.signer.invoice(buyerTaxId, {
    ...(credits && {
      kind: 'credit-note' as const,
      creditedInvoiceNumber: credits,
      lineInputs: [
        {
          description: 'Wuyi rock tea, 250 g tin',
          quantity: '1',
          unitPrice: '12.50',
          taxRate: '0.13',
        },
      ],
    }),
  });
  const receipt = await request(issuing.getHttpServer())
    .post(credits ? `/invoices/${credits}/credit-notes` : '/invoices')
    .set('Authorization', `Bearer ${merchant.token}`)
    .send(merchant.signer.signed(document))
    .expect(201);
  const pdf = await request(issuing.getHttpServer())
    .get(`/invoices/${receipt.body.invoiceNumber as string}.pdf`)
    .set('Authorization', `Bearer ${merchant.token}`)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  return { receipt: receipt.body as PrintedDocument['receipt'], document, pdf: pdf.body as Buffer };
}
