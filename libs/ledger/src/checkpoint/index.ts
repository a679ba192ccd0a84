// Browser-safe, like the crypto barrel: verifyProofBundle is what the CLI and the dashboard run.
export * from './checkpoint';
export * from './compare-checkpoints';
export * from './invoice-proof';
export * from './key-directory-proof';
export * from './proof-bundle';
export * from './witness-quorum';
