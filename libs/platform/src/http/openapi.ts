import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import * as swaggerUi from 'swagger-ui-express';
import type { Request, Response } from 'express';

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

/** Builds the service's OpenAPI document and serves it: UI at /docs, JSON at /docs-json. */
export function serveOpenApi(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
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
  express.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: info.title }));
  return document;
}
