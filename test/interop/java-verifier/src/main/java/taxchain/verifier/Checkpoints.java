package taxchain.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;

/** The authority's signed checkpoints (docs/spec/checkpoints.md). */
final class Checkpoints {
  private static final byte[] CONTEXT = Bytes.utf8("taxchain-checkpoint-v1\n");
  private static final String ZERO_HASH = "0".repeat(64);
  private static final String EMPTY_ROOT = Bytes.hex(Bytes.sha256(new byte[0]));

  private Checkpoints() {}

  /** "ok", checkpoint-malformed, checkpoint-unknown-key or checkpoint-bad-signature, in that order. */
  static String verify(JsonNode checkpoint, Map<String, byte[]> authorityKeys) throws IOException {
    if (!isWellFormed(checkpoint)) return "checkpoint-malformed";
    String keyId = Json.string(checkpoint, "keyId");
    byte[] key = authorityKeys.get(keyId);
    if (key == null || !StrictEd25519.keyId(key).equals(keyId)) return "checkpoint-unknown-key";
    byte[] signature = Bytes.fromHex(Json.string(checkpoint, "signature"));
    return StrictEd25519.verify(signature, signedBytes(checkpoint), key)
        ? "ok"
        : "checkpoint-bad-signature";
  }

  static boolean isWellFormed(JsonNode checkpoint) {
    if (checkpoint == null || !checkpoint.isObject()) return false;
    OptionalLong version = Json.safeInteger(checkpoint.get("version"));
    if (version.isEmpty() || version.getAsLong() != 1) return false;
    if (Json.safeInteger(checkpoint.get("chain")).isEmpty()) return false;
    OptionalLong size = Json.safeInteger(checkpoint.get("size"));
    if (size.isEmpty()) return false;
    String headHash = Json.string(checkpoint, "headHash");
    String root = Json.string(checkpoint, "root");
    if (!Bytes.isLowerHex(headHash, 32) || !Bytes.isLowerHex(root, 32)) return false;
    if (!Timestamps.isValid(Json.string(checkpoint, "issuedAt"))) return false;
    if (!Bytes.isLowerHex(Json.string(checkpoint, "keyId"), 16)) return false;
    if (!Bytes.isLowerHex(Json.string(checkpoint, "signature"), 64)) return false;
    return size.getAsLong() != 0 || (headHash.equals(ZERO_HASH) && root.equals(EMPTY_ROOT));
  }

  /** "taxchain-checkpoint-v1\n" ‖ UTF-8(JCS(the seven body members)). Checkpoint well-formed. */
  static byte[] signedBytes(JsonNode checkpoint) throws IOException {
    ObjectNode body = Json.MAPPER.createObjectNode();
    for (String member : new String[] {"headHash", "root", "issuedAt", "keyId"})
      body.put(member, checkpoint.get(member).textValue());
    for (String member : new String[] {"version", "chain", "size"})
      body.put(member, Json.safeInteger(checkpoint.get(member)).getAsLong());
    return Bytes.concat(CONTEXT, Bytes.utf8(Json.canonical(body)));
  }
}
