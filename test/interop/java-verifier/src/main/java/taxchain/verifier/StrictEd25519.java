package taxchain.verifier;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Set;

/** Ed25519 verification with the strict rules of docs/spec/encoding.md#strict-verification. */
final class StrictEd25519 {
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
  private static final Set<String> SMALL_ORDER =
      Set.of(
          "0100000000000000000000000000000000000000000000000000000000000000",
          "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "0000000000000000000000000000000000000000000000000000000000000000",
          "0000000000000000000000000000000000000000000000000000000000000080",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa");
  /** DER SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410), before the 32 raw bytes. */
  private static final byte[] SPKI_PREFIX = Bytes.fromHex("302a300506032b6570032100");

  private StrictEd25519() {}

  /** Whether {@code signature} is valid for {@code message} under {@code publicKey}; never throws. */
  static boolean verify(byte[] signature, byte[] message, byte[] publicKey) {
    if (signature == null || signature.length != 64 || publicKey == null || publicKey.length != 32)
      return false;
    byte[] r = Arrays.copyOfRange(signature, 0, 32);
    if (littleEndian(Arrays.copyOfRange(signature, 32, 64)).compareTo(L) >= 0) return false;
    if (!isCanonical(r) || !isCanonical(publicKey)) return false;
    if (SMALL_ORDER.contains(Bytes.hex(publicKey))) return false;
    try {
      PublicKey key =
          KeyFactory.getInstance("Ed25519")
              .generatePublic(new X509EncodedKeySpec(Bytes.concat(SPKI_PREFIX, publicKey)));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // A key that is not on the curve, among others.
      return false;
    }
  }

  /** y below p, and no sign bit on the points with x = 0 (y = 1 or y = p − 1). */
  private static boolean isCanonical(byte[] encoding) {
    byte[] y = encoding.clone();
    boolean signBit = (y[31] & 0x80) != 0;
    y[31] &= 0x7f;
    BigInteger value = littleEndian(y);
    if (value.compareTo(P) >= 0) return false;
    return !(signBit && (value.equals(BigInteger.ONE) || value.equals(P.subtract(BigInteger.ONE))));
  }

  private static BigInteger littleEndian(byte[] bytes) {
    byte[] bigEndian = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) bigEndian[i] = bytes[bytes.length - 1 - i];
    return new BigInteger(1, bigEndian);
  }

  /** keyId(A): lowercase hex of the first 16 bytes of SHA-256(A). */
  static String keyId(byte[] publicKey) {
    return Bytes.hex(Arrays.copyOf(Bytes.sha256(publicKey), 16));
  }
}
