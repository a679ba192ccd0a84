export * from './invoice-document';
export * from './ledger-kinds';
export * from './topics';
export * from './tax-id';
