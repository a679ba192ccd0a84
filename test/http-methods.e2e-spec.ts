import { sendRaw } from './security/support/client-error-cases';
import { httpCall, isProblem } from './security/support/http-call';
import { changedTables, rowCounter, type RowCounts } from './security/support/row-counts';
import {
  startSecurityPlatform,
  type SecurityPlatform,
  type ServiceName,
} from './security/support/security-platform';
import { servedDocuments } from './support/served-documents';

const SERVICES: ServiceName[] = ['issuing', 'reimbursement', 'audit'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

interface OpenApiDocument {
  info: { description: string };
  paths: Record<string, Record<string, unknown>>;
}

/** A documented path with its parameters filled in, as a reader types it. */
const filled = (template: string) => template.replace(/\{[^}]+\}/g, '26351000000000000042');

/** Whether a concrete path is one the template describes (`/invoices/batch` is also `/invoices/{number}`). */
function describes(template: string, path: string): boolean {
  const [want, got] = [template.split('/'), path.split('/')];
  return (
    want.length === got.length &&
    want.every((segment, i) => {
      const [before, after] = segment.split(/\{[^}]+\}/);
      return after === undefined
        ? segment === got[i]
        : got[i].startsWith(before) &&
            got[i].endsWith(after) &&
            got[i].length > before.length + after.length;
    })
  );
}

/** What `Allow` names for a path: every method some operation at it takes, HEAD with GET. */
function allowedAt(paths: OpenApiDocument['paths'], path: string): string[] {
  const methods = Object.entries(paths)
    .filter(([template]) => describes(template, path))
    .flatMap(([, item]) => Object.keys(item).map((method) => method.toUpperCase()));
  if (methods.includes('GET')) methods.push('HEAD');
  return [...new Set(methods)].sort();
}

/**
 * What an outsider tries first on a documented route: another method (PUT on a list, OPTIONS to
 * ask what is allowed, DELETE on an invoice). The path exists, so the answer is 405 with `Allow`
 * naming what the document lists for it (RFC 9110), not the 404 that says nothing is there; a
 * path no operation has is 404 `not-found`. Both are problem+json of a type the document's
 * Errors section lists, and neither writes anything.
 */
describe('methods a documented path does not take', () => {
  let platform: SecurityPlatform;
  let documents: Record<ServiceName, OpenApiDocument>;
  let countRows: () => Promise<RowCounts>;

  beforeAll(async () => {
    platform = await startSecurityPlatform();
    documents = await servedDocuments<OpenApiDocument>(platform.urls);
    countRows = await rowCounter(platform.db);
  });

  afterAll(async () => {
    await platform?.close();
  });

  it.each(SERVICES)('are answered 405 with Allow on every %s path', async (service) => {
    const before = await countRows();
    const wrong: string[] = [];
    const { paths } = documents[service];
    for (const template of Object.keys(paths)) {
      const path = filled(template);
      const allowed = allowedAt(paths, path);
      for (const method of METHODS.filter((m) => !allowed.includes(m))) {
        const answer = await httpCall(platform.urls[service], { method, path });
        const seen = {
          status: answer.status,
          allow: answer.headers.get('allow'),
          type: answer.json?.type,
          problem: isProblem(answer),
        };
        const head = method === 'HEAD'; // the same answer without its body
        const expected = {
          status: 405,
          allow: allowed.join(', '),
          type: head ? undefined : 'urn:taxchain:problem:method-not-allowed',
          problem: !head,
        };
        if (JSON.stringify(seen) !== JSON.stringify(expected))
          wrong.push(`${method} ${template}: ${JSON.stringify(seen)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(changedTables(before, await countRows())).toEqual([]);
  });

  it.each(SERVICES)(
    'and a path no %s operation has, and CONNECT, are problems the document lists',
    async (service) => {
      const unknown = await httpCall(platform.urls[service], {
        method: 'GET',
        path: '/no-such-route',
      });
      const put = await httpCall(platform.urls[service], { method: 'PUT', path: '/health' });
      expect([unknown, put].map((a) => [a.status, a.json?.type, isProblem(a)])).toEqual([
        [404, 'urn:taxchain:problem:not-found', true],
        [405, 'urn:taxchain:problem:method-not-allowed', true],
      ]);
      // CONNECT names a host to tunnel to, not a path: nothing there allows any method.
      const connect = await sendRaw(
        platform.urls[service],
        'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n',
      );
      expect([connect.status, connect.json?.type, isProblem(connect)]).toEqual([
        405,
        'urn:taxchain:problem:method-not-allowed',
        true,
      ]);
      expect(connect.headers.get('allow')).toBe('');
      const errors = documents[service].info.description;
      expect([
        errors.includes('- 404 `not-found`'),
        errors.includes('- 405 `method-not-allowed`'),
      ]).toEqual([true, true]);
    },
  );
});
