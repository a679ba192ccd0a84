package taxchain.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A witness policy, "k of these n witnesses", as docs/spec/proof-bundles.md#witness-quorum and
 * docs/spec/checkpoint-notes.md#cosignatures define it.
 */
final class Witnesses {
  /** A witness's vkey: its name and Ed25519 public key. */
  record Witness(String name, byte[] keyId, byte[] publicKey) {}

  private final List<Witness> witnesses;
  private final int quorum;

  private Witnesses(List<Witness> witnesses, int quorum) {
    this.witnesses = witnesses;
    this.quorum = quorum;
  }

  /** The policy from vkeys and k (all of them when k is null); IllegalArgumentException if bad. */
  static Witnesses policy(List<String> vkeys, Integer quorum) {
    List<Witness> parsed = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (String vkey : vkeys) {
      Witness witness = parseVkey(vkey);
      if (witness == null) throw new IllegalArgumentException(vkey + " is not a witness vkey");
      if (!names.add(witness.name())) throw new IllegalArgumentException("witness named twice");
      parsed.add(witness);
    }
    int k = quorum == null ? parsed.size() : quorum;
    if (k < 1 || k > parsed.size()) throw new IllegalArgumentException("quorum must be 1 to " + parsed.size());
    return new Witnesses(parsed, k);
  }

  /** "ok", or "below-quorum" when fewer than k trusted witnesses validly cosigned the checkpoint. */
  String verify(JsonNode bundle) {
    return cosigners(bundle).size() >= quorum ? "ok" : "below-quorum";
  }

  private Set<String> cosigners(JsonNode bundle) {
    Set<String> cosigned = new LinkedHashSet<>();
    JsonNode witnessed = bundle.get("witnessed");
    JsonNode checkpoint = bundle.get("checkpoint");
    if (witnessed == null || !witnessed.isObject() || !witnessed.path("cosignatures").isArray())
      return cosigned;
    String origin = witnessed.path("origin").isTextual() ? witnessed.get("origin").textValue() : null;
    long chain = Json.safeInteger(checkpoint.get("chain")).getAsLong();
    if (origin == null || !isKeyName(origin) || !origin.endsWith("/" + chain)) return cosigned;
    String text =
        origin + "\n" + Json.safeInteger(checkpoint.get("size")).getAsLong() + "\n"
            + Base64.getEncoder().encodeToString(Bytes.fromHex(Json.string(checkpoint, "root"))) + "\n";
    for (JsonNode line : witnessed.get("cosignatures")) {
      if (!line.isTextual()) continue;
      for (Witness witness : witnesses)
        if (cosigns(line.textValue(), witness, text)) cosigned.add(witness.name());
    }
    return cosigned;
  }

  /** A tlog-cosignature/v1 line "— name base64(keyID ‖ timestamp ‖ signature)" by this witness. */
  private static boolean cosigns(String line, Witness witness, String text) {
    String prefix = "\u2014 " + witness.name() + " ";
    if (!line.startsWith(prefix)) return false;
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(line.substring(prefix.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (blob.length != 4 + 8 + 64 || !Arrays.equals(Arrays.copyOfRange(blob, 0, 4), witness.keyId()))
      return false;
    long time = ByteBuffer.wrap(blob, 4, 8).getLong();
    if (time < 0) return false;
    byte[] message = Bytes.utf8("cosignature/v1\ntime " + Long.toUnsignedString(time) + "\n" + text);
    return StrictEd25519.verify(Arrays.copyOfRange(blob, 12, 76), message, witness.publicKey());
  }

  /** name+<8 hex key ID>+base64(0x04 ‖ key), the key ID SHA-256(name ‖ 0x0a ‖ 0x04 ‖ key)[0..4]. */
  private static Witness parseVkey(String vkey) {
    int plus = vkey.indexOf('+');
    if (plus < 1 || vkey.length() < plus + 10 || vkey.charAt(plus + 9) != '+') return null;
    String name = vkey.substring(0, plus);
    String keyIdHex = vkey.substring(plus + 1, plus + 9);
    if (!isKeyName(name) || !Bytes.isLowerHex(keyIdHex, 4)) return null;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(vkey.substring(plus + 10));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (key.length != 33 || key[0] != 0x04) return null;
    byte[] keyId = Arrays.copyOfRange(Bytes.sha256(Bytes.utf8(name), new byte[] {0x0a}, key), 0, 4);
    if (!Arrays.equals(keyId, Bytes.fromHex(keyIdHex))) return null;
    return new Witness(name, keyId, Arrays.copyOfRange(key, 1, 33));
  }

  private static boolean isKeyName(String name) {
    return !name.isEmpty() && name.codePoints().noneMatch(c -> c == '+' || Character.isWhitespace(c) || c < 0x21);
  }
}
