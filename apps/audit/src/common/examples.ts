/** Worked values shared by the audit API's OpenAPI examples. */
export const EXAMPLE = {
  invoiceNumber: '26350100000000000042',
  sellerTaxId: '91350100M000100Y43',
  buyerTaxId: '91310115MA1H7GXQ3N',
  entryHash: '5d3c8e1f0a9b7c6d5e4f30211a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5',
  anomalyId: '7c1e2a4b-9d3f-4e5a-8b6c-1d2e3f4a5b6c',
  runId: '0b9f6a2e-3c4d-4e5f-9a1b-2c3d4e5f6a7b',
  credentialId: 'c0ffee00c0ffee00c0ff',
  at: '2026-11-23T09:30:00.000Z',
  publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
  keyId: '9c1f0e2d3b4a59687766554433221100',
  origin: 'taxchain.local/ledger/0',
  // The spec's authority key (docs/spec/vectors/README.md) for chain 0's origin.
  vkey: 'taxchain.local/ledger/0+d557d5a7+ATUUgnJo1RXXZdW5cXzF6RyV3drTOPPTbnu3c4AMiqMO',
  // The spec's witness key (docs/spec/vectors/checkpoint-notes.json).
  witnessVkey: 'witness.example/w1+cd69cbef+BLAyrYiuX+/124DaZq7nSyGBKaxSD7xUaTDGoRpJxm7E',
  checkpointNote:
    'taxchain.local/ledger/0\n42\nUNhY4JhezH9gQYqvDMWrWH9CwlcKiECVqejMrND2VFw=\n\n' +
    '— taxchain.local/ledger/0 1VfVp+N1cFBqXfc6zZYWcSzqy9xNPSCBaRYgQbUxC1Hkn5G0SDRjxFjRj7MAIFyVgUOvacZmehz1bLCZF4W0qOJxgAM=\n',
} as const;
