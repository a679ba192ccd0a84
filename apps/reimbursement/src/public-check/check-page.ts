import type { Problem } from '@taxchain/platform';
import { CHECK_FACT_MESSAGES, type CheckPageQueryDto } from './dto/public-check.dto';
import type { PublicCheckResult } from './public-facts';

/**
 * What the page shows under the form: nothing yet, the status, the one miss, or why the query
 * was refused (a fact in the wrong form, or too many checks).
 */
export type CheckOutcome =
  | { kind: 'form' }
  | { kind: 'no-match' }
  | { kind: 'refused'; problem: Problem }
  | PublicCheckResult;

/** Each fact's refusal in Chinese, shown before the API's own English words. */
const FACT_HINTS: Record<string, string> = {
  [CHECK_FACT_MESSAGES.number]: '发票号码应为 20 位数字',
  [CHECK_FACT_MESSAGES.date]: '开票日期应为真实存在的日期，格式 YYYY-MM-DD',
  [CHECK_FACT_MESSAGES.code]: '校验码应为 6 位数字',
  [CHECK_FACT_MESSAGES.amount]: '价税合计应为以元为单位、带两位小数的金额，如 1399.18',
};

const STATUS_TEXT = {
  valid: '有效 · valid',
  voided: '已作废 · voided',
  credited: '已红冲 · credited',
  invalid:
    '无效（开票方签名或账本记录不成立）· invalid: the seller’s signature, or the ledger’s record of it, does not hold',
} as const;

/**
 * The public check page: a plain GET form (no script, no login), pre-filled from the query the
 * printed QR code carries, with the outcome below it.
 */
export function renderCheckPage(query: CheckPageQueryDto, outcome: CheckOutcome): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>发票查验 · Invoice check</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 2rem auto; padding: 0 1rem; }
label { display: block; margin-top: 0.8rem; }
input { display: block; width: 100%; box-sizing: border-box; padding: 0.4rem; font-size: 1rem; }
button { margin-top: 1rem; padding: 0.5rem 1.2rem; font-size: 1rem; }
output { display: block; margin-top: 1.5rem; padding: 0.8rem; border: 1px solid #888; }
</style>
</head>
<body>
<h1>发票查验 · Invoice check</h1>
<form method="get" action="check">
${field('number', '发票号码 · Invoice number', query.number, '\\d{20}', '20 digits')}
${field('date', '开票日期 · Issue date', query.date, '\\d{4}-\\d{2}-\\d{2}', 'YYYY-MM-DD')}
${field('code', '校验码 · Check code', query.code, '\\d{6}', '6 digits')}
${field('amount', '价税合计 · Gross amount', query.amount, '(0|[1-9]\\d{0,15})\\.\\d{2}', '1399.18')}
<button type="submit">查验 · Check</button>
</form>
${outcomeHtml(outcome)}
</body>
</html>
`;
}

function field(
  name: string,
  label: string,
  value: string | undefined,
  pattern: string,
  placeholder: string,
): string {
  return `<label>${label}<input name="${name}" value="${escapeHtml(value ?? '')}" pattern="${pattern}" placeholder="${placeholder}" required></label>`;
}

function outcomeHtml(outcome: CheckOutcome): string {
  if ('kind' in outcome) {
    if (outcome.kind === 'form') return '';
    if (outcome.kind === 'refused') return refusalHtml(outcome.problem);
    return '<output id="outcome" data-status="no-match">查无此票 · No invoice has these four facts.</output>';
  }
  const reimbursed = outcome.reimbursed ? '已报销 · reimbursed' : '未报销 · not reimbursed';
  return `<output id="outcome" data-status="${outcome.status}" data-reimbursed="${outcome.reimbursed}">${STATUS_TEXT[outcome.status]}; ${reimbursed}</output>`;
}

/** A refused query: each fact to correct, or, past the rate limit, when to try again. */
function refusalHtml(problem: Problem): string {
  const reasons = Array.isArray(problem.errors) ? problem.errors.map(String) : [];
  const lines =
    problem.status === 429
      ? [`查验过于频繁，请稍后再试 · ${problem.detail ?? problem.title}`]
      : reasons.length > 0
        ? reasons.map((reason) =>
            FACT_HINTS[reason] ? `${FACT_HINTS[reason]} · ${reason}` : reason,
          )
        : [problem.detail ?? problem.title];
  const items = lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('');
  return `<output id="outcome" data-status="refused" role="alert">请更正后重试 · Please correct and check again<ul>${items}</ul></output>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
