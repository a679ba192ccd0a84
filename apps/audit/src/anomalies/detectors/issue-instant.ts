const OFFSET_UTC8_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;

/**
 * When an invoice was issued, as the cross-company detectors place it in time. An invoice
 * recorded on its own issue date (UTC+8) was issued as it was recorded: that instant. One
 * recorded on a later day (history imported when a merchant joins, the demo's 90 days) was
 * issued on its date, not now: it is placed on that date at the time of day it was recorded,
 * which keeps recording order within a day and depends on nothing but the entry, so a
 * redelivered entry lands at the same instant.
 */
export function issueInstant(issueDate: string, recordedAt: Date): { at: Date; live: boolean } {
  const local = recordedAt.getTime() + OFFSET_UTC8_MS;
  const recordedDay = new Date(local).toISOString().slice(0, 10);
  if (issueDate >= recordedDay) return { at: recordedAt, live: true };
  const timeOfDay = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  return {
    at: new Date(Date.parse(`${issueDate}T00:00:00Z`) - OFFSET_UTC8_MS + timeOfDay),
    live: false,
  };
}
