export * from './invoice-document';
export * from './ledger-kinds';
export * from './ledger-payloads';
export * from './tax-id';
export * from './topics';
export * from './check-code';
export * from './invoice-pricing';
export * from './expense-commitment';
