import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import * as swaggerUi from 'swagger-ui-express';
import { Router, type Request, type Response } from 'express';
import { MAX_JSON_DEPTH } from './json-depth';

/** A `.` or `..` path segment, plain or percent-encoded. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

export interface OpenApiInfo {
  title: string;
  description: string;
  version: string;
}

/**
 * The credential is an opaque string, not a JWT: a client must send it as is and never decode it.
 * The shape is `credential-token.ts`'s; the role letter says whose it is.
 */
const CREDENTIAL_DESCRIPTION = [
  'An opaque API credential issued by the tax authority (`npm run admin -- credentials issue`), shown once.',
  'Shape: `tc_<role>_<id>_<secret>`: role `a` admin, `m` merchant, `c` buyer company, `o` official;',
  '`id` 20 hex digits (names the credential in lists and logs); `secret` 43 base64url characters.',
  'Not a JWT: send it as `Authorization: Bearer <token>` and never decode it.',
  'Example: `tc_m_06c3fb5f5a3cac6604d9_9Vn1a2bn377DAJRU0ah7XJi5gw28-sFTTb804g-N88w`.',
].join(' ');

/**
 * Refusals the platform's edge gives before any operation runs, so every operation may answer
 * them; each operation documents its own problems beside it.
 */
const EDGE_PROBLEMS = [
  [
    '400',
    'validation-failed',
    'a member is missing, of the wrong kind or unknown (`__proto__`, `constructor` and `prototype` included), or a string or parameter holds a control character (U+0000–U+001F, U+007F–U+009F) or a lone UTF-16 surrogate; `errors` names each field',
  ],
  ['400', 'malformed-json', 'the body is not JSON'],
  ['400', 'invalid-utf8', 'the body is not UTF-8'],
  ['400', 'json-too-deep', `the body nests deeper than ${MAX_JSON_DEPTH} levels`],
  [
    '400',
    'invalid-url-encoding',
    "the URL's percent-encoding is broken or does not decode to UTF-8 (`%FF`, `%E0%A4`)",
  ],
  ['400', 'malformed-request', 'the HTTP request itself is broken; the connection is closed'],
  [
    '400',
    'repeated-header',
    '`Authorization`, `Content-Type`, `Content-Length` or `Host` sent more than once (an ambiguous credential is not guessed at)',
  ],
  [
    '400',
    'bad-content-encoding',
    'the body does not decode as its `Content-Encoding` (gzip, deflate, br) says',
  ],
  ['404', 'not-found', 'no operation of this document has this path'],
  [
    '405',
    'method-not-allowed',
    'the path is documented but not for this method (`OPTIONS` included; `HEAD` works wherever `GET` does); `Allow` lists the methods it takes',
  ],
  ['408', 'request-timeout', 'the request was not received in time; the connection is closed'],
  ['413', 'payload-too-large', 'the body is larger than the limit'],
  [
    '417',
    'expectation-failed',
    'an `Expect` header other than `100-continue`, which no operation can meet; the connection is closed',
  ],
  [
    '415',
    'unsupported-media-type',
    'a body that is not `application/json`, JSON in a charset other than UTF-8, or a `Content-Encoding` other than gzip, deflate and br',
  ],
  ['431', 'header-fields-too-large', 'the request headers pass 16 kB; the connection is closed'],
];

const EDGE_PROBLEMS_DESCRIPTION = [
  '',
  '',
  '## Errors',
  '',
  'Every error is `application/problem+json` (RFC 9457) with `type` `urn:taxchain:problem:<code>`. Besides the problems each operation lists, any operation may answer these, before it runs:',
  '',
  ...EDGE_PROBLEMS.map(([status, code, cause]) => `- ${status} \`${code}\`: ${cause}`),
].join('\n');

/** Builds the service's OpenAPI document and serves it: UI at /docs, JSON at /docs-json. */
export function serveOpenApi(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(`${info.description}${EDGE_PROBLEMS_DESCRIPTION}`)
    .setVersion(info.version)
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
      description: CREDENTIAL_DESCRIPTION,
    })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const express = app.getHttpAdapter().getInstance() as {
    get(path: string, handler: (req: Request, res: Response) => void): void;
    use(path: string, ...handlers: unknown[]): void;
  };
  express.get('/docs-json', (_req, res) => {
    res.json(document);
  });
  const docs = Router().use(
    swaggerUi.serve,
    swaggerUi.setup(document, { customSiteTitle: info.title }),
  );
  // `/docs/.` and `/docs/..` were redirected to a folder; like any unknown path they fall
  // through to a 404 problem, as the audit dashboard's files do.
  express.use('/docs', (req: Request, res: Response, next: () => void) =>
    DOT_SEGMENT.test(req.path) ? next() : docs(req, res, next),
  );
  return document;
}
