export * from './tcp-proxy';
export * from './test-config';
export * from './test-database';
export * from './given-access';
export * from './wake-ups';
