package taxchain.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/** Ledger entries: field rules, the entry hash and the payload hash (docs/spec/entries.md). */
final class Entries {
  private static final byte ENTRY_DOMAIN = 0x02;
  private static final List<String> TEXT_MEMBERS = List.of("kind", "subject", "actor", "identity");

  private Entries() {}

  /** Whether every hashed member of the entry keeps its rule (else: entry-malformed). */
  static boolean isWellFormed(JsonNode entry) {
    if (entry == null || !entry.isObject()) return false;
    if (Json.safeInteger(entry.get("chain")).isEmpty()) return false;
    if (Json.safeInteger(entry.get("seq")).isEmpty()) return false;
    if (!Bytes.isLowerHex(Json.string(entry, "prevHash"), 32)) return false;
    if (!Bytes.isLowerHex(Json.string(entry, "payloadHash"), 32)) return false;
    JsonNode signature = entry.get("actorSignature");
    boolean signatureOk =
        signature != null
            && (signature.isNull() || Bytes.isLowerHex(Json.string(entry, "actorSignature"), 64));
    if (!signatureOk) return false;
    if (!Timestamps.isValid(Json.string(entry, "recordedAt"))) return false;
    for (String member : TEXT_MEMBERS) {
      String text = Json.string(entry, member);
      if (text == null || text.isEmpty() || Bytes.hasLoneSurrogate(text)) return false;
    }
    return true;
  }

  /** The hashed document's JCS text: exactly the eleven members, version 1. Entry well-formed. */
  static String hashedDocument(JsonNode entry) throws IOException {
    ObjectNode document = Json.MAPPER.createObjectNode();
    for (String member : List.of("actor", "identity", "kind", "payloadHash", "prevHash", "recordedAt", "subject"))
      document.put(member, entry.get(member).textValue());
    document.set("actorSignature", entry.get("actorSignature"));
    document.put("chain", Json.safeInteger(entry.get("chain")).getAsLong());
    document.put("seq", Json.safeInteger(entry.get("seq")).getAsLong());
    document.put("version", 1);
    return Json.canonical(document);
  }

  /** SHA-256(0x02 ‖ UTF-8(hashed document)), lowercase hex. Entry well-formed. */
  static String entryHash(JsonNode entry) throws IOException {
    return Bytes.hex(Bytes.sha256(new byte[] {ENTRY_DOMAIN}, Bytes.utf8(hashedDocument(entry))));
  }

  /** The payload text is its own JCS form and hashes to payloadHash (else: payload-mismatch). */
  static boolean payloadMatches(JsonNode payload, String payloadHash) {
    if (payload == null || !payload.isTextual()) return false;
    String text = payload.textValue();
    try {
      if (!Json.canonical(text).equals(text)) return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return Bytes.hex(Bytes.sha256(Bytes.utf8(text))).equals(payloadHash);
  }

  /** The entry checks in the spec's order: "ok", entry-malformed, entry-hash-mismatch, payload-mismatch. */
  static String check(JsonNode entry) throws IOException {
    if (!isWellFormed(entry)) return "entry-malformed";
    if (!entryHash(entry).equals(Json.string(entry, "entryHash"))) return "entry-hash-mismatch";
    if (!payloadMatches(entry.get("payload"), Json.string(entry, "payloadHash")))
      return "payload-mismatch";
    return "ok";
  }
}
