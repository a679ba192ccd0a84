package taxchain.verifier;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Hex, UTF-8 and SHA-256 as docs/spec/encoding.md defines them. */
final class Bytes {
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]*");

  private Bytes() {}

  /** Whether {@code value} is lowercase hex of exactly {@code bytes} bytes (the only valid spelling). */
  static boolean isLowerHex(String value, int bytes) {
    return value != null && value.length() == bytes * 2 && LOWER_HEX.matcher(value).matches();
  }

  static byte[] fromHex(String hex) {
    return HEX.parseHex(hex);
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) out.writeBytes(part);
    return out.toByteArray();
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) digest.update(part);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a Java string has a UTF-16 surrogate that is not part of a pair (no UTF-8 form). */
  static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) i++;
        else return true;
      } else if (Character.isLowSurrogate(c)) return true;
    }
    return false;
  }
}
