package taxchain.verifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The RFC 9162 tree over a chain's entry hashes (docs/spec/merkle.md). Sizes are longs. */
final class Merkle {
  private Merkle() {}

  /** SHA-256(0x00 ‖ the 32 raw bytes of the entry hash). */
  static byte[] leafHash(byte[] entryHash) {
    return Bytes.sha256(new byte[] {0x00}, entryHash);
  }

  static byte[] nodeHash(byte[] left, byte[] right) {
    return Bytes.sha256(new byte[] {0x01}, left, right);
  }

  /** MTH over leaf hashes, by the recursive definition (split at the largest power of two below n). */
  static byte[] root(List<byte[]> leaves) {
    if (leaves.isEmpty()) return Bytes.sha256(new byte[0]);
    if (leaves.size() == 1) return leaves.get(0);
    int k = Integer.highestOneBit(leaves.size() - 1);
    return nodeHash(root(leaves.subList(0, k)), root(leaves.subList(k, leaves.size())));
  }

  /** RFC 9162 §2.1.3.2, as the spec writes it. */
  static boolean verifyInclusion(byte[] leaf, long index, long size, List<byte[]> proof, byte[] root) {
    if (index < 0 || index >= size) return false;
    long fn = index;
    long sn = size - 1;
    byte[] r = leaf;
    for (byte[] p : proof) {
      if (sn == 0) return false;
      if (fn % 2 == 1 || fn == sn) {
        r = nodeHash(p, r);
        while (fn % 2 == 0 && fn != 0) {
          fn /= 2;
          sn /= 2;
        }
      } else {
        r = nodeHash(r, p);
      }
      fn /= 2;
      sn /= 2;
    }
    return sn == 0 && Arrays.equals(r, root);
  }

  /** RFC 9162 §2.1.4.2 with the spec's edge cases (m = 0, m = n). */
  static boolean verifyConsistency(long m, long n, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    if (m < 0 || m > n) return false;
    if (m == 0) return proof.isEmpty() && Arrays.equals(oldRoot, root(List.of()));
    if (m == n) return proof.isEmpty() && Arrays.equals(oldRoot, newRoot);
    if (proof.isEmpty()) return false;
    List<byte[]> path = new ArrayList<>();
    if (Long.bitCount(m) == 1) path.add(oldRoot);
    path.addAll(proof);
    long fn = m - 1;
    long sn = n - 1;
    while (fn % 2 == 1) {
      fn /= 2;
      sn /= 2;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) return false;
      if (fn % 2 == 1 || fn == sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        while (fn % 2 == 0 && fn != 0) {
          fn /= 2;
          sn /= 2;
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn /= 2;
      sn /= 2;
    }
    return sn == 0 && Arrays.equals(fr, oldRoot) && Arrays.equals(sr, newRoot);
  }
}
