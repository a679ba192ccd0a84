import type { AppConfig } from '@taxchain/platform';
import type { IssueInvoiceService } from '../issue-invoice.service';
import { IssueBatchService } from './issue-batch.service';

describe(IssueBatchService.name, () => {
  const issuing = { issue: jest.fn() } as unknown as IssueInvoiceService;
  const batches = new IssueBatchService(issuing, { HTTP_REQUEST_TIMEOUT_MS: 1_500 } as AppConfig);
  const log = { warn: () => undefined, error: () => undefined };

  it("counts its time from the request's time-out clock, not from its own call", async () => {
    // The request's clock started 1 s ago (the body was validated meanwhile): past the 0.9 s in
    // which items may start, so none is, and the time-out's 503 never overtakes the answer.
    const started = Date.now();
    const results = await batches.issue({ taxId: 'seller' } as never, [{}, {}], {
      id: 'r',
      log,
      clockStart: started - 1_000,
    });
    expect(results.map((r) => r.status)).toEqual([503, 503]);
    expect(results.map((r) => 'problem' in r && r.problem.type)).toEqual([
      'urn:taxchain:problem:batch-time-exhausted',
      'urn:taxchain:problem:batch-time-exhausted',
    ]);
    expect(issuing.issue).not.toHaveBeenCalled();
    expect(Date.now() - started).toBeLessThan(275);
  });
});
