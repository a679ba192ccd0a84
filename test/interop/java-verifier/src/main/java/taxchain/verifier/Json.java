package taxchain.verifier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.OptionalLong;
import org.erdtman.jcs.JsonCanonicalizer;

/** JSON reading, the spec's integer rule, and RFC 8785 canonical text (docs/spec/encoding.md). */
final class Json {
  /** Numbers are kept exact, so an integer rule is checked on the value written, not a double. */
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final BigDecimal MAX_SAFE = BigDecimal.valueOf((1L << 53) - 1);

  private Json() {}

  static JsonNode parse(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  /** The value of an integer member from 0 to 2^53 − 1, or empty when it is anything else. */
  static OptionalLong safeInteger(JsonNode node) {
    if (node == null || !node.isNumber()) return OptionalLong.empty();
    BigDecimal value = node.decimalValue();
    boolean integral = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    if (!integral || value.signum() < 0 || value.compareTo(MAX_SAFE) > 0) return OptionalLong.empty();
    return OptionalLong.of(value.longValueExact());
  }

  /** The text of a string member, or null when the member is absent or not a string. */
  static String string(JsonNode parent, String member) {
    JsonNode node = parent.get(member);
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  /** JCS(text): RFC 8785 canonical form of a JSON text. */
  static String canonical(String text) throws IOException {
    return new JsonCanonicalizer(text).getEncodedString();
  }

  /** JCS of a parsed value. */
  static String canonical(JsonNode value) throws IOException {
    return canonical(MAPPER.writeValueAsString(value));
  }
}
