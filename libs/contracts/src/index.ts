export * from './invoice-document';
export * from './ledger-kinds';
export * from './topics';
