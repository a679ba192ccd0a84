/** An invoice as its buyer knows it: what a claim carries. */
export interface ClaimTarget {
  invoiceNumber: string;
  checkCode: string;
}

/** One claim attempt's answer, and the instance (index into the URLs) that gave it. */
export interface ClaimAnswer {
  invoiceNumber: string;
  instance: number;
  status: number;
  /** The problem type of an error answer. */
  type?: string;
}

/**
 * The buyer claims every invoice `perInvoice` times at once, the attempts dealt round-robin
 * across the reimbursement instances, at most `inFlight` requests outstanding: the attempts
 * on one invoice are sent together, so they contend on it across instances.
 */
export async function raceClaims(
  urls: string[],
  token: string,
  invoices: ClaimTarget[],
  perInvoice: number,
  inFlight: number,
): Promise<ClaimAnswer[]> {
  const attempts = invoices.flatMap((invoice) => Array.from({ length: perInvoice }, () => invoice));
  const answers: ClaimAnswer[] = new Array<ClaimAnswer>(attempts.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < attempts.length; i = next++) {
      answers[i] = await claimOnce(urls, i % urls.length, token, attempts[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, attempts.length) }, lane));
  return answers;
}

async function claimOnce(
  urls: string[],
  instance: number,
  token: string,
  invoice: ClaimTarget,
): Promise<ClaimAnswer> {
  const response = await fetch(`${urls[instance]}/claims`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(invoice),
    signal: AbortSignal.timeout(120_000),
  });
  const body = (await response.json()) as { type?: string };
  return {
    invoiceNumber: invoice.invoiceNumber,
    instance,
    status: response.status,
    type: response.status >= 400 ? body.type : undefined,
  };
}
