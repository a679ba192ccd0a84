import type { IncomingMessage } from 'node:http';

/** The label of responses no route handler produced: 404s, bodies refused before routing. */
export const UNMATCHED_ROUTE = 'unmatched';

interface RoutedRequest extends IncomingMessage {
  baseUrl?: unknown;
  route?: { path?: unknown; methods?: Record<string, unknown> };
}

/**
 * The template of the Express route that handled the request (`/invoices/:number`), never the
 * raw URL: one series per route keeps label cardinality bounded whatever callers send.
 *
 * Nest mounts `forRoutes()` middleware (the request logger, for one) as `all()` routes such as
 * `/{*path}` answering every method, which leave `req.route` set when no handler matched;
 * handlers are mounted one route per HTTP method, so only such a route names the template.
 */
export function routeTemplate(request: IncomingMessage): string {
  const { route, baseUrl } = request as RoutedRequest;
  const methods = Object.keys(route?.methods ?? {});
  if (typeof route?.path !== 'string' || methods.length !== 1) return UNMATCHED_ROUTE;
  const base = typeof baseUrl === 'string' ? baseUrl : '';
  return `${base}${route.path}` || '/';
}
