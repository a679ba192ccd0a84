import type { PoolClient } from 'pg';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * Remembers why a runner's connection died: TypeORM releases the runner on the connection's
 * error, so every later query fails with "already released" and hides the real cause.
 */
export class ConnectionLoss {
  private cause?: Error;
  private readonly remember = (error: Error) => {
    this.cause ??= error;
  };

  constructor(private readonly client: PoolClient) {
    client.on('error', this.remember);
  }

  /** The connection's own error in place of the "already released" it caused. */
  explain(error: unknown): unknown {
    const released =
      error instanceof QueryRunnerAlreadyReleasedError ||
      error instanceof QueryRunnerProviderAlreadyReleasedError;
    return released && this.cause ? this.cause : error;
  }

  /**
   * Stops listening to a healthy connection (it goes back to the pool). A dead one keeps the
   * listener: TypeORM has removed its own, and the server's "terminating connection" can
   * still arrive as a second 'error', which would crash the process with no listener left.
   */
  dispose(): void {
    if (!this.cause) this.client.off('error', this.remember);
  }
}
