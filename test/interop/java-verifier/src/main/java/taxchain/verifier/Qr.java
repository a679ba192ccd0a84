package taxchain.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The tax authority's signed statement in a printed invoice's QR code (docs/spec/qr.md). */
final class Qr {
  private static final byte[] CONTEXT = Bytes.utf8("taxchain-qr-v2\n");
  private static final Set<String> MEMBERS =
      Set.of("v", "n", "d", "c", "g", "cur", "s", "b", "h", "chain", "seq", "u", "k", "sig");
  private static final Pattern NUMBER = Pattern.compile("\\d{20}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern CODE = Pattern.compile("\\d{6}");
  private static final Pattern AMOUNT = Pattern.compile("-?(0|[1-9]\\d*)\\.\\d{2}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern URL = Pattern.compile("https?://\\S+");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]{86}");

  private Qr() {}

  /** The verdict and, when "ok", the statement (every member but sig). */
  record Verdict(String verdict, ObjectNode statement) {}

  /** "ok", qr-unsigned, qr-malformed, qr-unknown-key or qr-bad-signature, checked in that order. */
  static Verdict verify(String text, Map<String, byte[]> authorityKeys) {
    JsonNode qr;
    try {
      qr = Json.parse(text);
    } catch (IOException e) {
      return refused("qr-malformed");
    }
    if (qr == null || !qr.isObject()) return refused("qr-malformed");
    if (Json.safeInteger(qr.get("v")).orElse(-1) == 1) return refused("qr-unsigned");
    if (!isCanonical(text) || !isWellFormed(qr)) return refused("qr-malformed");
    String keyId = Json.string(qr, "k");
    byte[] key = authorityKeys.get(keyId);
    if (key == null || !StrictEd25519.keyId(key).equals(keyId)) return refused("qr-unknown-key");
    ObjectNode statement = ((ObjectNode) qr).deepCopy();
    statement.remove("sig");
    byte[] signature = Base64.getUrlDecoder().decode(Json.string(qr, "sig"));
    try {
      if (!StrictEd25519.verify(signature, signedBytes(statement), key))
        return refused("qr-bad-signature");
    } catch (IOException e) {
      return refused("qr-malformed");
    }
    return new Verdict("ok", statement);
  }

  /** "taxchain-qr-v2\n" ‖ UTF-8(JCS(statement)). */
  static byte[] signedBytes(JsonNode statement) throws IOException {
    return Bytes.concat(CONTEXT, Bytes.utf8(Json.canonical(statement)));
  }

  private static Verdict refused(String reason) {
    return new Verdict(reason, null);
  }

  /** The text is its own RFC 8785 form: one spelling only. */
  private static boolean isCanonical(String text) {
    try {
      return Json.canonical(text).equals(text);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean isWellFormed(JsonNode qr) {
    for (Iterator<String> names = qr.fieldNames(); names.hasNext(); )
      if (!MEMBERS.contains(names.next())) return false;
    if (qr.size() != MEMBERS.size()) return false;
    if (Json.safeInteger(qr.get("v")).orElse(-1) != 2) return false;
    if (!matches(qr, "n", NUMBER) || !matches(qr, "c", CODE) || !matches(qr, "cur", CURRENCY)) return false;
    if (!matches(qr, "g", AMOUNT) || Json.string(qr, "g").equals("-0.00")) return false;
    if (!matches(qr, "d", DATE) || !isDate(Json.string(qr, "d"))) return false;
    for (String taxId : new String[] {"s", "b"}) {
      String value = Json.string(qr, taxId);
      if (value == null || value.isEmpty()) return false;
    }
    if (!Bytes.isLowerHex(Json.string(qr, "h"), 32) || !Bytes.isLowerHex(Json.string(qr, "k"), 16)) return false;
    if (Json.safeInteger(qr.get("chain")).isEmpty() || Json.safeInteger(qr.get("seq")).isEmpty()) return false;
    if (!matches(qr, "u", URL)) return false;
    return isSignature(Json.string(qr, "sig"));
  }

  private static boolean matches(JsonNode qr, String member, Pattern pattern) {
    String value = Json.string(qr, member);
    return value != null && pattern.matcher(value).matches();
  }

  private static boolean isDate(String value) {
    try {
      LocalDate.parse(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** 86 base64url characters whose 4 unused trailing bits are zero: exactly 64 bytes, one spelling. */
  private static boolean isSignature(String sig) {
    if (sig == null || !BASE64URL.matcher(sig).matches()) return false;
    byte[] bytes = Base64.getUrlDecoder().decode(sig);
    return bytes.length == 64 && Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(sig);
  }
}
