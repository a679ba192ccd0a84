// Browser-safe, like the crypto barrel: c2sp.org signed notes, checkpoints and cosignatures.
export * from './signed-note';
export * from './checkpoint-note';
export * from './note-signatures';
export * from './verify-checkpoint-note';
