import { ExpressAdapter } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';

/**
 * Express as Nest drives it, plus handlers for the requests no route answered: they are mounted
 * where Nest mounts its 404 (after every route, once the app initialises), just ahead of it, so
 * that a request a route answers never runs them.
 */
export class UnroutedHandlersAdapter extends ExpressAdapter {
  private readonly unrouted: RequestHandler[] = [];

  /** Runs `handler` for a request no route answered, before the 404; call before `init`. */
  useForUnrouted(handler: RequestHandler): void {
    this.unrouted.push(handler);
  }

  override setNotFoundHandler(
    handler: Parameters<ExpressAdapter['setNotFoundHandler']>[0],
    prefix?: string,
  ): unknown {
    for (const unrouted of this.unrouted) this.use(unrouted);
    return super.setNotFoundHandler(handler, prefix);
  }
}
