/**
 * The credential store without the HTTP edge (guards, decorators, the Nest module): what the
 * admin CLI and the issuing service's party and credential services need. Importing it instead
 * of `@taxchain/platform` keeps a one-shot command from loading Swagger, Kafka and the service
 * bootstrap (about 0.3 s of every `npm run admin` call).
 */
export * from './credential-token';
export * from './credential-verifier';
export * from './credentials.repository';
export * from './migrations';
export * from './parties.repository';
export * from './roles';
export * from './tax-id.policy';
export type { Page, PageRequest } from '../database/keyset-page';
