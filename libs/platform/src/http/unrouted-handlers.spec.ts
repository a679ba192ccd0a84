import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { UnroutedHandlersAdapter } from './unrouted-handlers';

@Controller('invoices')
class InvoicesController {
  @Get()
  list(): string[] {
    return [];
  }
}

@Module({ controllers: [InvoicesController] })
class InvoicesTestModule {}

describe(UnroutedHandlersAdapter.name, () => {
  it('runs its handlers only for requests no route answered, before the 404', async () => {
    const seen: string[] = [];
    const adapter = new UnroutedHandlersAdapter();
    const app = await NestFactory.create(InvoicesTestModule, adapter, { logger: false });
    adapter.useForUnrouted((req: Request, res: Response, next: NextFunction) => {
      seen.push(`${req.method} ${req.path}`);
      if (req.path === '/gone') res.status(410).end();
      else next();
    });
    await app.init();
    try {
      const server = app.getHttpServer();
      const answers = [
        (await request(server).get('/invoices')).status,
        (await request(server).put('/invoices')).status,
        (await request(server).get('/nowhere')).status,
        (await request(server).get('/gone')).status,
      ];
      expect(answers).toEqual([200, 404, 404, 410]);
      expect(seen).toEqual(['PUT /invoices', 'GET /nowhere', 'GET /gone']);
    } finally {
      await app.close();
    }
  });
});
