package taxchain.verifier;

import java.math.BigInteger;
import java.util.Arrays;

/** The 6-digit check code of a document number (docs/spec/documents.md#check-code). */
final class CheckCodes {
  private CheckCodes() {}

  static String of(String number, String documentHashHex) {
    byte[] digest = Bytes.sha256(Bytes.utf8("taxchain.check-code.v1\n" + number + "\n" + documentHashHex));
    BigInteger value = new BigInteger(1, Arrays.copyOf(digest, 8));
    return String.format("%06d", value.mod(BigInteger.valueOf(1_000_000)).intValue());
  }
}
