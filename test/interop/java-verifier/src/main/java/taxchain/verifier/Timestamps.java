package taxchain.verifier;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** The one spelling of an instant the spec allows: YYYY-MM-DDTHH:MM:SS.sssZ (encoding.md). */
final class Timestamps {
  private static final Pattern SHAPE =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** Whether the text has the shape and names a real instant (the round trip refuses Feb 30, :60). */
  static boolean isValid(String text) {
    if (text == null || !SHAPE.matcher(text).matches()) return false;
    try {
      return MILLIS.format(Instant.parse(text)).equals(text);
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
