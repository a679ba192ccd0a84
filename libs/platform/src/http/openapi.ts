import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import * as swaggerUi from 'swagger-ui-express';
import type { Request, Response } from 'express';

export interface OpenApiInfo {
  title: string;
  description: string;
  version: string;
}

/** Builds the service's OpenAPI document and serves it: UI at /docs, JSON at /docs-json. */
export function serveOpenApi(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version)
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'API credential issued by the tax authority',
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
