/** Worked values for the OpenAPI examples: valid GB 32100 codes, a token of the real shape. */
export const EXAMPLE = {
  merchantTaxId: '91350100M000100Y43',
  companyTaxId: '91310115MA1H2K3L0C',
  partyId: '5b0f7c1e-2d4a-4c1b-9e3f-8a6d2c4b1f07',
  credentialId: 'adeba1b343b6633ddd7f',
  rotatedCredentialId: '06c3fb5f5a3cac6604d9',
  token: 'tc_m_06c3fb5f5a3cac6604d9_9Vn1a2bn377DAJRU0ah7XJi5gw28-sFTTb804g-N88w',
  createdAt: '2026-11-23T08:30:00.000Z',
} as const;
