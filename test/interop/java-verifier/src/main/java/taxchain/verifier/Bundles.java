package taxchain.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Proof-bundle verification, the ordered checks of docs/spec/proof-bundles.md#verification. */
final class Bundles {
  private Bundles() {}

  /** "ok" or the name of the first check that fails; never throws on any bundle. */
  static String verify(JsonNode bundle, Map<String, byte[]> authorityKeys) {
    try {
      return checks(bundle, authorityKeys);
    } catch (IOException | RuntimeException e) {
      return "malformed";
    }
  }

  private static String checks(JsonNode bundle, Map<String, byte[]> authorityKeys)
      throws IOException {
    if (!hasShape(bundle)) return "malformed";
    JsonNode entry = bundle.get("entry");
    JsonNode checkpoint = bundle.get("checkpoint");
    long index = Json.safeInteger(bundle.get("index")).getAsLong();
    String signed = Checkpoints.verify(checkpoint, authorityKeys);
    if (!signed.equals("ok")) return signed;
    OptionalLong chain = Json.safeInteger(entry.get("chain"));
    if (chain.isEmpty() || chain.getAsLong() != Json.safeInteger(checkpoint.get("chain")).getAsLong())
      return "chain-mismatch";
    if (!Entries.isWellFormed(entry)) return "entry-malformed";
    String recomputed = Entries.entryHash(entry);
    if (!recomputed.equals(Json.string(entry, "entryHash"))) return "entry-hash-mismatch";
    JsonNode payload = entry.get("payload");
    if (payload != null && payload.isNull()) return "payload-withheld";
    if (!Entries.payloadMatches(payload, Json.string(entry, "payloadHash")))
      return "payload-mismatch";
    long size = Json.safeInteger(checkpoint.get("size")).getAsLong();
    if (index != Json.safeInteger(entry.get("seq")).getAsLong()) return "index-mismatch";
    if (index >= size) return "not-covered";
    if (index == size - 1 && !recomputed.equals(Json.string(checkpoint, "headHash")))
      return "head-mismatch";
    List<byte[]> path = new ArrayList<>();
    for (JsonNode node : bundle.get("inclusion")) path.add(Bytes.fromHex(node.textValue()));
    byte[] leaf = Merkle.leafHash(Bytes.fromHex(recomputed));
    byte[] root = Bytes.fromHex(Json.string(checkpoint, "root"));
    return Merkle.verifyInclusion(leaf, index, size, path, root) ? "ok" : "not-included";
  }

  private static boolean hasShape(JsonNode bundle) {
    if (bundle == null || !bundle.isObject()) return false;
    JsonNode entry = bundle.get("entry");
    JsonNode checkpoint = bundle.get("checkpoint");
    JsonNode inclusion = bundle.get("inclusion");
    if (entry == null || !entry.isObject() || checkpoint == null || !checkpoint.isObject())
      return false;
    if (Json.safeInteger(bundle.get("index")).isEmpty()) return false;
    if (inclusion == null || !inclusion.isArray()) return false;
    for (JsonNode node : inclusion)
      if (!node.isTextual() || !Bytes.isLowerHex(node.textValue(), 32)) return false;
    return true;
  }

  /**
   * The actor's signature over JCS(payload.document) by the merchant key the document names
   * (documents.md): "ok", "unsigned" (actorSignature null), unknown-actor-key or bad-actor-signature.
   * Run on a bundle that verified.
   */
  static String actorSignature(JsonNode entry, Map<String, byte[]> merchantKeys) throws IOException {
    JsonNode signature = entry.get("actorSignature");
    if (signature.isNull()) return "unsigned";
    JsonNode document = Json.parse(entry.get("payload").textValue()).get("document");
    if (document == null || !document.isObject()) return "bad-actor-signature";
    byte[] key = merchantKeys.get(Json.string(document, "keyId"));
    if (key == null) return "unknown-actor-key";
    byte[] message = Bytes.utf8(Json.canonical(document));
    return StrictEd25519.verify(Bytes.fromHex(signature.textValue()), message, key)
        ? "ok"
        : "bad-actor-signature";
  }
}
