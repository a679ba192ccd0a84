/** Worked values for the OpenAPI examples. */
export const EXAMPLE = {
  invoiceNumber: '26311000000000000042',
  checkCode: '482913',
  buyerTaxId: '91310115MA1H2K3L0C',
  sellerTaxId: '91350100M000100Y43',
  issuedAt: '2026-11-23T08:30:00.000Z',
  entryHash: '9f2c4a7be1d05c83f6a2e4b7d9c1a3f5e7b9d1c3a5f7e9b1d3c5a7f9e1b3d5c7',
} as const;
