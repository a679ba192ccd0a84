import { DuplicateMemberError, parseJsonStrictly } from '@taxchain/ledger/crypto/strict-json';
import { CliError, ExitCode } from './cli-error';

interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** An answer a command verifies: any JSON value, or why it is none. */
export type UntrustedAnswer =
  | { readable: true; body: unknown }
  | { readable: false; reason: 'not-json' | 'duplicate-member'; detail: string };

/** The issuing API over fetch; any non-2xx answer becomes a CliError with the problem's words. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async json<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const response = await this.send(method, path, body);
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as T };
    } catch {
      throw new CliError(
        ExitCode.Refused,
        `the answer to ${method} ${path} is not JSON: ${JSON.stringify(text.slice(0, 80))}`,
      );
    }
  }

  /**
   * A 2xx answer to check before anything in it is believed: read strictly, since a member named
   * twice reads one way here and another way elsewhere.
   */
  async untrusted(path: string): Promise<UntrustedAnswer> {
    const text = await (await this.send('GET', path)).text();
    try {
      return { readable: true, body: parseJsonStrictly(text) };
    } catch (error) {
      return error instanceof DuplicateMemberError
        ? { readable: false, reason: 'duplicate-member', detail: error.message }
        : { readable: false, reason: 'not-json', detail: (error as Error).message };
    }
  }

  async bytes(path: string): Promise<Buffer> {
    const response = await this.send('GET', path);
    return Buffer.from(await response.arrayBuffer());
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new CliError(ExitCode.Refused, `cannot reach ${this.baseUrl}: ${reason}`);
    }
    if (!response.ok) throw new CliError(ExitCode.Refused, await problemText(response));
    return response;
  }
}

async function problemText(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as Problem;
    const type = problem.type ? ` (${problem.type})` : '';
    return `${response.status} ${problem.title ?? response.statusText}${type}: ${problem.detail ?? ''}`.trim();
  } catch {
    return `${response.status} ${response.statusText}: ${text.slice(0, 200)}`;
  }
}
