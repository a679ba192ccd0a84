package taxchain.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The GET /authority listing, checked: every keyId must be the key's own (checkpoints.md). */
final class AuthorityKeys {
  private AuthorityKeys() {}

  static Map<String, byte[]> from(JsonNode listing) {
    JsonNode keys = listing == null ? null : listing.get("keys");
    if (keys == null || !keys.isArray() || keys.isEmpty())
      throw new IllegalArgumentException("the authority listing has no keys");
    Map<String, byte[]> trusted = new LinkedHashMap<>();
    for (JsonNode key : keys) {
      String keyId = Json.string(key, "keyId");
      String publicKey = Json.string(key, "publicKey");
      if (!Bytes.isLowerHex(publicKey, 32) || !Bytes.isLowerHex(keyId, 16))
        throw new IllegalArgumentException("an authority key is not 64 hex with a 32-hex keyId");
      byte[] bytes = Bytes.fromHex(publicKey);
      if (!StrictEd25519.keyId(bytes).equals(keyId))
        throw new IllegalArgumentException("authority key " + keyId + " is filed under another id");
      trusted.put(keyId, bytes);
    }
    return trusted;
  }
}
