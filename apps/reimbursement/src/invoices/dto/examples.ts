/** Worked values for the OpenAPI examples. */
export const EXAMPLE = {
  invoiceNumber: '26311000000000000042',
  checkCode: '482913',
  buyerTaxId: '91310115MA1H2K3L0C',
  sellerTaxId: '91350100M000100Y43',
  issuedAt: '2026-11-23T08:30:00.000Z',
  entryHash: '9f2c4a7be1d05c83f6a2e4b7d9c1a3f5e7b9d1c3a5f7e9b1d3c5a7f9e1b3d5c7',
} as const;

/**
 * A real printed QR text, version 2: the first valid vector of docs/spec/vectors/qr.json, signed
 * by the spec's authority key (`taxchain qr-verify` verifies it with that key). A deployment with
 * its own authority key answers it 422 `qr-unknown-key`.
 */
export const EXAMPLE_QR =
  '{"b":"91110000802100433B","c":"087551","chain":1,"cur":"CNY","d":"2026-11-23","g":"61.56",' +
  '"h":"a5ccc261fa8f5f4d84927f6a4c3c25663d7b60bf9d371dc1ebc56597d25aaae6",' +
  '"k":"c4626d75a19776a994702c81eea063f8","n":"26351000000000000001","s":"91350100M000100Y43",' +
  '"seq":1,"sig":"Xl-S6aj4cp054FZ1Yn6GqUyDiWIgXJ91ihu6550LFroA2ffVDrt0oo33Q4rV-9xBnFnGVKjvbDgF8pdY3svoBw",' +
  '"u":"https://reimbursement.example","v":2}';
