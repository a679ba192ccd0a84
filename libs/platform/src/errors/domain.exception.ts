/**
 * Base of every module's exception: a stable code, the HTTP status that fits,
 * and a message meant for the caller. The global filter turns it into problem+json.
 */
export abstract class DomainException extends Error {
  protected constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = new.target.name;
  }

  /** Seconds after which retrying may succeed (sent as Retry-After). */
  retryAfterSeconds(): number | undefined {
    return undefined;
  }

  /** Further response headers the problem needs (WWW-Authenticate on a 401). */
  responseHeaders(): Record<string, string> {
    return {};
  }
}
