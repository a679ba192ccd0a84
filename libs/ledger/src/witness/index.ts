export * from './add-checkpoint-request';
export * from './witness';
export * from './witness-key';
export * from './witness-store';
export * from './start-witness';
export * from './migrations';
export * from './witness-endpoints';
export * from './witness-client';
