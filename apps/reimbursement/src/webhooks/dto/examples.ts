/** Values the webhooks API documentation shows, consistent across its examples. */
export const EXAMPLE = {
  endpointId: '5b0f3c1e-8d7a-4f51-9a43-2f6a1c9e7d20',
  url: 'https://erp.example.com/taxchain/webhooks',
  messageId: 'msg_3_41',
  taxId: '91310115MA1H2K3L0C',
  keyId: '3f8a0c1d2e4b5a69',
  publicKey: 'whpk_O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik=',
};
