// Browser-safe, like the crypto barrel: the proof verifiers run in the CLI and the dashboard.
export {
  type SubtreeHash,
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  memorySubtree,
  merkleRoot,
  nodeHash,
  rootFrom,
} from './merkle-tree';
export * from './verify-proof';
export * from './compact-range';
