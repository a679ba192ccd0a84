import type { LedgerAppender } from '../append/ledger-appender';
import type { Committed } from '../append/unit-of-work';
import type { EntryDraft } from '../ledger-entry';

/** Records one entry as a unit of work of its own, with no service state beside it. */
export function recordEntry(appender: LedgerAppender, draft: EntryDraft): Promise<Committed<null>> {
  return appender.commit({
    subject: draft.subject,
    run: async () => ({ value: null, entries: [draft] }),
  });
}
