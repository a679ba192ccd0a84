// Browser-safe: everything exported here is pure and free of node: imports, so the CLI and the
// audit dashboard bundle the same verifier code as the services. The Node-only OpenSSL engine
// is deliberately left out; Node code imports it from './native-ed25519'.
export * from './canonical-json';
export * from './hashes';
export * from './iso-time';
export * from './entry-hash';
export * from './ed25519';
export {
  type PublicKeyProblem,
  SIGNATURE_LENGTH,
  WeakKeyError,
  assertStrongPublicKey,
  publicKeyProblem,
} from './ed25519-checks';
export * from './payload-binding';
export * from './strict-json';
