import {
  startSecurityPlatform,
  type SecurityPlatform,
  type ServiceName,
} from './security/support/security-platform';
import { accessOf, type CallerRole } from './security/support/endpoint-access';
import { httpCall } from './security/support/http-call';
import { servedDocuments } from './support/served-documents';
import { DocumentedResponses } from './generated-client/documented-responses';
import {
  exampleRequest,
  type DocumentedOperation,
  type Schema,
} from './support/openapi-example-request';

const SERVICES: ServiceName[] = ['issuing', 'reimbursement', 'audit'];

interface DocumentedAnswer {
  content?: Record<string, { schema?: Schema; examples?: Record<string, { value: unknown }> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, DocumentedOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

/**
 * "Every example in them must run": a reader who tries each operation of the three OpenAPI
 * documents with its documented examples, as an allowed caller, gets an answer the document
 * describes (status, media type and shape), never a refusal of the example itself (400, 415)
 * and never a server error. Examples of things that do not exist in a new deployment (an
 * invoice number, a claim id) may well be answered 404; that answer must be documented too.
 */
describe('the OpenAPI documents’ examples', () => {
  let platform: SecurityPlatform;
  let documents: Record<ServiceName, OpenApiDocument>;
  const tokens = {} as Record<Exclude<CallerRole, 'anonymous'>, string>;

  beforeAll(async () => {
    platform = await startSecurityPlatform();
    documents = await servedDocuments<OpenApiDocument>(platform.urls);
    const { given } = platform;
    tokens.admin = (await given.admin()).token;
    tokens.official = (await given.official()).token;
    tokens.merchant = (await given.merchant()).token;
    tokens.company = (await given.company()).token;
  });

  afterAll(async () => {
    await platform?.close();
  });

  const operationsOf = (service: ServiceName) =>
    Object.entries(documents[service].paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );

  it.each(SERVICES)(
    'of every %s operation run as documented',
    async (service) => {
      const document = documents[service];
      const check = new DocumentedResponses(service, document as never);
      const failures: string[] = [];
      const operations = operationsOf(service);
      for (const { path, method, operation } of operations) {
        const key = `${service} ${method.toUpperCase()} ${path}`;
        const access = accessOf({ key } as never);
        const token = access === 'public' ? undefined : tokens[access[0] as keyof typeof tokens];
        const request = exampleRequest(path, operation, document.components?.schemas ?? {});
        if (request.missing.length) {
          failures.push(`${key}: no example for ${request.missing.join(', ')}`);
          continue;
        }
        const answer = await httpCall(platform.urls[service], {
          method: method.toUpperCase(),
          path: request.path,
          token,
          body: request.body,
        });
        const mediaType = answer.contentType.split(';')[0].trim();
        if (answer.status >= 500 || answer.status === 400 || answer.status === 415)
          failures.push(`${key} → ${answer.status}: ${answer.text.slice(0, 300)}`);
        const body = /json/.test(mediaType) ? answer.json : answer.text;
        failures.push(...check.problems(method, path, answer.status, mediaType, body));
      }
      expect(operations.length).toBeGreaterThan(5);
      expect(failures).toEqual([]);
    },
    120_000,
  );

  /**
   * A documented 403 is what a refused role really gets: each operation that refuses some role
   * documents a `forbidden` example, and calling the operation with a credential of the role
   * that example names is answered 403 with that very detail.
   */
  it.each(SERVICES)(
    'of every %s refusal by role are the answers the named role gets',
    async (service) => {
      const document = documents[service];
      const failures: string[] = [];
      let checked = 0;
      for (const { path, method, operation } of operationsOf(service)) {
        const key = `${service} ${method.toUpperCase()} ${path}`;
        const access = accessOf({ key } as never);
        if (access === 'public') continue;
        const refusable = (Object.keys(tokens) as CallerRole[]).some((r) => !access.includes(r));
        const responses = operation.responses as Record<string, DocumentedAnswer>;
        const example =
          responses['403']?.content?.['application/problem+json']?.examples?.forbidden?.value;
        if (!example) {
          if (refusable) failures.push(`${key}: refuses a role but documents no forbidden example`);
          continue;
        }
        const { detail } = example as { detail: string };
        const role = /^An? (\w+) credential/.exec(detail)?.[1] as keyof typeof tokens | undefined;
        if (!role || !tokens[role] || access.includes(role)) {
          failures.push(`${key}: the forbidden example names a role it admits: ${detail}`);
          continue;
        }
        const request = exampleRequest(path, operation, document.components?.schemas ?? {});
        const answer = await httpCall(platform.urls[service], {
          method: method.toUpperCase(),
          path: request.path,
          token: tokens[role],
          body: request.body,
        });
        checked += 1;
        const got = answer.json as { detail?: string } | undefined;
        if (answer.status !== 403 || got?.detail !== detail)
          failures.push(
            `${key} as ${role} → ${answer.status} ${got?.detail}, documented ${detail}`,
          );
      }
      expect(checked).toBeGreaterThan(3);
      expect(failures).toEqual([]);
    },
    120_000,
  );

  /**
   * A reader checks an answer against the examples beside it: each documented answer example
   * (problem extension members such as qr-mismatch's `member` included) is an instance of the
   * schema of its status and media type, as a closed-world validator reads it.
   */
  it.each(SERVICES)('of every %s answer are of the documented shape', (service) => {
    const check = new DocumentedResponses(service, documents[service] as never);
    const failures = operationsOf(service).flatMap(({ path, method, operation }) =>
      Object.entries(operation.responses as Record<string, DocumentedAnswer>).flatMap(
        ([status, response]) =>
          Object.entries(response.content ?? {})
            .filter(([, content]) => content.schema)
            .flatMap(([mediaType, content]) =>
              Object.values(content.examples ?? {}).flatMap(({ value }) =>
                check.problems(method, path, Number(status), mediaType, value),
              ),
            ),
      ),
    );
    expect(failures).toEqual([]);
  });
});
