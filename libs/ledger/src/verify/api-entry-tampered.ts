import { ApiProblemResponse } from '@taxchain/platform';

/** OpenAPI of verify-on-read's refusal, for every route that serves ledger entries. */
export const ApiLedgerEntryTampered = () =>
  ApiProblemResponse(409, [
    {
      code: 'ledger-entry-tampered',
      title: 'A stored ledger entry fails verification',
      detail:
        'Ledger entry 17 of chain 2 (invoice.issued 26351000000000000042): payload does not match its hash. It is not served; the audit service has been told.',
      extensions: { chain: 2, seq: 17, reason: 'payload-mismatch' },
    },
  ]);
