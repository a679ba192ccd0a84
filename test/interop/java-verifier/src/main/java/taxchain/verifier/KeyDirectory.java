package taxchain.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Merchant key directories: the ordered checks of docs/spec/key-directory.md#verification, and a
 * merchant's signature on a ledger entry checked against a verified directory.
 */
final class KeyDirectory {
  /** A verified directory: the merchant and its keys, each as the spec's validity positions. */
  record Verified(String taxId, ArrayNode keys) {}

  /** "ok" or the first failing check; {@code proof} names the failing bundle check, if one did. */
  record Outcome(String reason, String keyId, String proof, Verified directory) {
    boolean ok() {
      return reason.equals("ok");
    }
  }

  private static final class Refused extends Exception {
    private final String reason;
    private final String proof;

    Refused(String reason, String proof) {
      super(reason, null, false, false);
      this.reason = reason;
      this.proof = proof;
    }
  }

  private KeyDirectory() {}

  /** Verifies a GET /merchants/{taxId}/keys answer with the authority keys; never throws. */
  static Outcome verify(JsonNode answer, Map<String, byte[]> authorityKeys) {
    if (answer == null || !answer.isObject()) return refusal("malformed", null, null);
    String taxId = Json.string(answer, "taxId");
    JsonNode keys = answer.get("keys");
    if (taxId == null || keys == null || !keys.isArray()) return refusal("malformed", null, null);
    ArrayNode proven = Json.MAPPER.createArrayNode();
    Set<String> seen = new HashSet<>();
    for (JsonNode key : keys) {
      String keyId = key.isObject() ? Json.string(key, "keyId") : null;
      try {
        proven.add(verifyKey(taxId, key, authorityKeys));
      } catch (Refused e) {
        return refusal(e.reason, e.reason.equals("malformed") ? null : keyId, e.proof);
      } catch (IOException | RuntimeException e) {
        return refusal("malformed", keyId, null);
      }
      if (!seen.add(keyId)) return refusal("duplicate-key", keyId, null);
    }
    return new Outcome("ok", null, null, new Verified(taxId, proven));
  }

  private static Outcome refusal(String reason, String keyId, String proof) {
    return new Outcome(reason, keyId, proof, null);
  }

  /** Checks 1 to 10 of one key; its validity when they hold. */
  private static ObjectNode verifyKey(String taxId, JsonNode key, Map<String, byte[]> authorityKeys)
      throws Refused, IOException {
    if (!key.isObject()) throw new Refused("malformed", null);
    String keyId = Json.string(key, "keyId");
    String publicKey = Json.string(key, "publicKey");
    String status = Json.string(key, "status");
    if (!Bytes.isLowerHex(keyId, 16) || !Bytes.isLowerHex(publicKey, 32))
      throw new Refused("malformed", null);
    if (!"active".equals(status) && !"revoked".equals(status)) throw new Refused("malformed", null);
    JsonNode registered = key.get("registered");
    proven("registration-unproven", registered, authorityKeys);
    JsonNode entry = registered.get("entry");
    if (!"key.registered".equals(Json.string(entry, "kind"))
        || !("key:" + keyId).equals(Json.string(entry, "subject")))
      throw new Refused("not-a-registration", null);
    JsonNode document = payload(entry).get("document");
    if (document == null || !document.isObject()) throw new Refused("not-a-registration", null);
    byte[] publicKeyBytes = Bytes.fromHex(publicKey);
    if (!StrictEd25519.keyId(publicKeyBytes).equals(keyId)
        || !keyId.equals(Json.string(document, "keyId"))
        || !publicKey.equals(Json.string(document, "publicKey")))
      throw new Refused("key-mismatch", null);
    if (!taxId.equals(Json.string(document, "taxId"))
        || !("merchant:" + taxId).equals(Json.string(entry, "actor")))
      throw new Refused("other-merchant", null);
    if (!signs(entry, document, publicKeyBytes)) throw new Refused("bad-proof-of-possession", null);
    JsonNode revoked = key.get("revoked");
    boolean hasRevocation = revoked == null || !revoked.isNull();
    if (hasRevocation) verifyRevocation(taxId, keyId, entry, revoked, authorityKeys);
    if (status.equals("revoked") != hasRevocation) throw new Refused("status-mismatch", null);
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("keyId", keyId);
    result.put("publicKey", publicKey);
    result.set("validFrom", position(entry));
    result.set("validUntil", hasRevocation ? position(revoked.get("entry")) : null);
    JsonNode checkpoint = (hasRevocation ? revoked : registered).get("checkpoint");
    ObjectNode provenTo = result.putObject("provenTo");
    for (String member : new String[] {"chain", "size", "issuedAt"})
      provenTo.set(member, checkpoint.get(member));
    return result;
  }

  /** Checks 7 to 9: a proven key.revoked entry of this key and merchant, after the registration. */
  private static void verifyRevocation(
      String taxId, String keyId, JsonNode registered, JsonNode bundle, Map<String, byte[]> authorityKeys)
      throws Refused, IOException {
    proven("revocation-unproven", bundle, authorityKeys);
    JsonNode entry = bundle.get("entry");
    JsonNode payload = payload(entry);
    if (!"key.revoked".equals(Json.string(entry, "kind"))
        || !("key:" + keyId).equals(Json.string(entry, "subject"))
        || !keyId.equals(Json.string(payload, "keyId"))
        || !taxId.equals(Json.string(payload, "taxId")))
      throw new Refused("not-a-revocation", null);
    if (integer(entry, "chain") != integer(registered, "chain")
        || integer(entry, "seq") <= integer(registered, "seq"))
      throw new Refused("revocation-out-of-order", null);
  }

  private static void proven(String reason, JsonNode bundle, Map<String, byte[]> authorityKeys)
      throws Refused {
    String verdict = Bundles.verify(bundle, authorityKeys);
    if (!verdict.equals("ok")) throw new Refused(reason, verdict);
  }

  /**
   * The merchant's signature on a ledger entry, given its proof bundle and a verified directory:
   * "ok" or the first of the spec's seven checks that fails (with the bundle check as proof).
   */
  static Outcome merchantSignature(Verified directory, JsonNode bundle, Map<String, byte[]> authorityKeys) {
    try {
      proven("entry-unproven", bundle, authorityKeys);
      JsonNode entry = bundle.get("entry");
      JsonNode document = payload(entry).get("document");
      if (document == null
          || !document.isObject()
          || Json.string(document, "keyId") == null
          || entry.get("actorSignature").isNull())
        throw new Refused("unsigned", null);
      if (!("merchant:" + directory.taxId()).equals(Json.string(entry, "actor")))
        throw new Refused("other-merchant", null);
      String keyId = Json.string(document, "keyId");
      JsonNode key = null;
      for (JsonNode known : directory.keys())
        if (Json.string(known, "keyId").equals(keyId)) key = known;
      if (key == null) throw new Refused("unknown-key", null);
      String recordedAt = Json.string(entry, "recordedAt");
      if (recordedAt.compareTo(Json.string(key.get("validFrom"), "recordedAt")) < 0)
        throw new Refused("key-not-yet-valid", null);
      JsonNode until = key.get("validUntil");
      if (!until.isNull() && Json.string(until, "recordedAt").compareTo(recordedAt) < 0)
        throw new Refused("key-revoked", null);
      if (!signs(entry, document, Bytes.fromHex(Json.string(key, "publicKey"))))
        throw new Refused("bad-signature", null);
      return new Outcome("ok", keyId, null, null);
    } catch (Refused e) {
      return refusal(e.reason, null, e.proof);
    } catch (IOException | RuntimeException e) {
      return refusal("entry-unproven", null, "malformed");
    }
  }

  /** The entry's actorSignature is 64 hex bytes and a strict signature over bytes(JCS(document)). */
  private static boolean signs(JsonNode entry, JsonNode document, byte[] publicKey) throws IOException {
    String signature = Json.string(entry, "actorSignature");
    return Bytes.isLowerHex(signature, 64)
        && StrictEd25519.verify(Bytes.fromHex(signature), Bytes.utf8(Json.canonical(document)), publicKey);
  }

  /** The parsed payload of an entry whose bundle verified (canonical JSON text). */
  private static JsonNode payload(JsonNode entry) throws IOException {
    return Json.parse(entry.get("payload").textValue());
  }

  /** An integer member of an entry whose bundle verified. */
  private static long integer(JsonNode entry, String member) {
    return Json.safeInteger(entry.get(member)).getAsLong();
  }

  private static ObjectNode position(JsonNode entry) {
    ObjectNode position = Json.MAPPER.createObjectNode();
    for (String member : new String[] {"chain", "seq", "recordedAt", "entryHash"})
      position.set(member, entry.get(member));
    return position;
  }
}
