import type { IssueOutcome } from '../../../scripts/load/issue-load';

/** How many answers of each HTTP status (0: no answer), e.g. `{ 201: 4990, 503: 10 }`. */
export function statusCounts(outcomes: Array<{ status: number }>): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of outcomes) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** The invoice number every issued (201) or replayed (200) request was answered with, by `seller:document`. */
export function answeredNumbers(outcomes: IssueOutcome[]): Map<string, string> {
  const numbers = new Map<string, string>();
  for (const outcome of outcomes)
    if ((outcome.status === 200 || outcome.status === 201) && outcome.invoiceNumber)
      numbers.set(`${outcome.sellerTaxId}:${outcome.documentNumber}`, outcome.invoiceNumber);
  return numbers;
}

/** Answers that arrived within [from, to] (epoch ms): the load really ran through a fault. */
export function answeredBetween(outcomes: IssueOutcome[], from: number, to: number): number {
  return outcomes.filter((o) => o.answeredAt >= from && o.answeredAt <= to).length;
}
