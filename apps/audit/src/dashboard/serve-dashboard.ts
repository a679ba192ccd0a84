import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import express from 'express';

/** The repository root: the nearest folder up with a package.json (works from src and dist). */
function repositoryRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Where scripts/build-dashboard.ts writes the officials' single-page app. */
export const DASHBOARD_DIR = join(repositoryRoot(__dirname), 'apps/audit/web/dist');

/**
 * Serves the dashboard's static files at `/`, ahead of the API routes. The SPA routes with the
 * hash (`/#/invoices`), so only real files are served here; anything else falls through to
 * Nest (the JSON API, /docs). The files are public: every call they make carries the token.
 * A path naming a folder (`/.`, `/invoices/..`) is not redirected to the folder with a slash
 * (a 301 to `/` for a `..` invoice number): it falls through like any other.
 */
export function serveDashboard(app: INestApplication, dir = DASHBOARD_DIR): void {
  app.use(
    express.static(dir, {
      index: 'index.html',
      fallthrough: true,
      redirect: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
}
