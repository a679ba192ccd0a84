/** One HTTP exchange as a client sees it: status, headers and the body as text and as JSON. */
export interface HttpAnswer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  json: Record<string, unknown> | undefined;
}

export interface HttpCall {
  method: string;
  path: string;
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (garbage bodies, invalid UTF-8 bytes). */
  raw?: string | Buffer;
  /** The body's Content-Type: application/json unless given; null sends none. */
  contentType?: string | null;
}

/** Far beyond any answer on a loaded machine: a request still unanswered by then hangs. */
const ANSWER_TIMEOUT_MS = 60_000;

/**
 * Sends one request with fetch (keep-alive), never throwing on an HTTP status; throws a
 * TimeoutError when no complete answer arrives within `timeoutMs`.
 */
export async function httpCall(
  baseUrl: string,
  call: HttpCall,
  timeoutMs = ANSWER_TIMEOUT_MS,
): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  const payload = call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  const contentType = call.contentType === undefined ? 'application/json' : call.contentType;
  if (payload !== undefined && contentType !== null) headers['content-type'] = contentType;
  const response = await fetch(`${baseUrl}${call.path}`, {
    method: call.method,
    headers,
    // fetch labels a string text/plain; bytes go without a label
    body: contentType === null && typeof payload === 'string' ? Buffer.from(payload) : payload,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const answerType = response.headers.get('content-type') ?? '';
  let json: Record<string, unknown> | undefined;
  if (/json/.test(answerType)) {
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
  }
  return {
    status: response.status,
    contentType: answerType,
    headers: response.headers,
    text,
    json,
  };
}

/** Whether an error answer is the platform's problem+json with type, title and status. */
export function isProblem(answer: HttpAnswer): boolean {
  const body = answer.json;
  return (
    answer.contentType.startsWith('application/problem+json') &&
    body !== undefined &&
    typeof body.type === 'string' &&
    typeof body.title === 'string' &&
    body.status === answer.status
  );
}
