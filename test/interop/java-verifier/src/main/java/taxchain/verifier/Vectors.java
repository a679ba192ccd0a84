package taxchain.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Runs every file of docs/spec/vectors: valid vectors must pass, invalid ones fail as named. */
final class Vectors {
  private final Path dir;
  private final PrintStream out;
  private int passed;
  private int failed;

  Vectors(Path dir, PrintStream out) {
    this.dir = dir;
    this.out = out;
  }

  /** Runs them all and prints one line a vector, then "N passed, N failed"; true when none failed. */
  boolean run() throws IOException {
    documents(read("documents.json"));
    entries(read("entries.json"));
    merkle(read("merkle.json"));
    checkpoints(read("checkpoints.json"));
    bundles(read("proof-bundles.json"));
    qr(read("qr.json"), read("entries.json").get("valid"));
    keyDirectories(read("key-directory.json"));
    out.printf("%d passed, %d failed%n", passed, failed);
    return failed == 0;
  }

  private JsonNode read(String name) throws IOException {
    return Json.parse(Files.readString(dir.resolve(name)));
  }

  private void expect(String what, Object expected, Object actual) {
    boolean ok = Objects.equals(expected, actual);
    if (ok) passed++;
    else failed++;
    out.printf(ok ? "ok    %s%n" : "FAIL  %s: expected %s, got %s%n", what, expected, actual);
  }

  private void documents(JsonNode file) throws IOException {
    for (JsonNode v : file.get("valid")) {
      String what = "documents.json valid: " + v.get("name").textValue();
      String input = Json.canonical(v.get("document"));
      expect(what + " (signing input)", v.get("signingInput").textValue(), input);
      expect(what + " (its SHA-256)", v.get("signingInputSha256").textValue(), Bytes.hex(Bytes.sha256(Bytes.utf8(input))));
      expect(what, "ok", signatureVerdict(v, input));
    }
    for (JsonNode v : file.get("invalid"))
      expect("documents.json invalid: " + v.get("name").textValue(), v.get("fails").textValue(),
          signatureVerdict(v, Json.canonical(v.get("document"))));
    for (JsonNode c : file.get("checkCodes"))
      expect("documents.json check code of " + c.get("number").textValue(), c.get("checkCode").textValue(),
          CheckCodes.of(c.get("number").textValue(), c.get("documentHash").textValue()));
  }

  private static String signatureVerdict(JsonNode v, String signingInput) {
    byte[] signature = Bytes.fromHex(v.get("signature").textValue());
    byte[] key = Bytes.fromHex(v.get("publicKey").textValue());
    return StrictEd25519.verify(signature, Bytes.utf8(signingInput), key) ? "ok" : "bad-signature";
  }

  private void entries(JsonNode file) throws IOException {
    String prevHash = "0".repeat(64);
    for (JsonNode v : file.get("valid")) {
      JsonNode entry = v.get("entry");
      String what = "entries.json valid: seq " + entry.get("seq") + " " + entry.get("kind").textValue();
      expect(what, "ok", Entries.check(entry));
      expect(what + " (hashed text)", v.get("hashedDocument").textValue(), Entries.hashedDocument(entry));
      byte[] hashed = Bytes.concat(new byte[] {0x02}, Bytes.utf8(Entries.hashedDocument(entry)));
      expect(what + " (hashed bytes)", v.get("hashedBytesHex").textValue(), Bytes.hex(hashed));
      expect(what + " (leaf hash)", v.get("leafHash").textValue(),
          Bytes.hex(Merkle.leafHash(Bytes.fromHex(entry.get("entryHash").textValue()))));
      expect(what + " (prevHash link)", prevHash, entry.get("prevHash").textValue());
      prevHash = entry.get("entryHash").textValue();
    }
    for (JsonNode v : file.get("invalid"))
      expect("entries.json invalid: " + v.get("name").textValue(), v.get("fails").textValue(), Entries.check(v.get("entry")));
  }

  private void merkle(JsonNode file) {
    List<byte[]> leaves = hashes(file.get("leafHashes"));
    List<byte[]> entryHashes = hashes(file.get("entryHashes"));
    for (int i = 0; i < leaves.size(); i++)
      expect("merkle.json leaf " + i, Bytes.hex(leaves.get(i)), Bytes.hex(Merkle.leafHash(entryHashes.get(i))));
    List<byte[]> roots = hashes(file.get("roots"));
    for (int n = 0; n < roots.size(); n++)
      expect("merkle.json root of " + n, Bytes.hex(roots.get(n)), Bytes.hex(Merkle.root(leaves.subList(0, n))));
    for (JsonNode p : file.get("inclusion")) {
      long index = p.get("index").asLong();
      int size = p.get("size").asInt();
      boolean ok = Merkle.verifyInclusion(leaves.get((int) index), index, size, hashes(p.get("proof")), roots.get(size));
      expect("merkle.json inclusion of " + index + " in " + size, true, ok);
      if (size > 1)
        expect("merkle.json inclusion of " + index + " in " + size + " against another root", false,
            Merkle.verifyInclusion(leaves.get((int) index), index, size, hashes(p.get("proof")), roots.get(size - 1)));
    }
    for (JsonNode p : file.get("consistency")) {
      int m = p.get("oldSize").asInt();
      int n = p.get("newSize").asInt();
      boolean ok = Merkle.verifyConsistency(m, n, roots.get(m), roots.get(n), hashes(p.get("proof")));
      expect("merkle.json consistency " + m + " → " + n, true, ok);
    }
  }

  private static List<byte[]> hashes(JsonNode array) {
    List<byte[]> result = new ArrayList<>();
    for (JsonNode node : array) result.add(Bytes.fromHex(node.textValue()));
    return result;
  }

  private void checkpoints(JsonNode file) throws IOException {
    Map<String, byte[]> keys = AuthorityKeys.from(file.get("authority"));
    for (JsonNode v : file.get("valid")) {
      String what = "checkpoints.json valid: " + v.get("name").textValue();
      JsonNode checkpoint = v.get("checkpoint");
      expect(what, "ok", Checkpoints.verify(checkpoint, keys));
      expect(what + " (signed bytes)", v.get("signedBytesHex").textValue(), Bytes.hex(Checkpoints.signedBytes(checkpoint)));
      expect(what + " (signed text)", v.get("signedBytesHex").textValue(), Bytes.hex(Bytes.utf8(v.get("signedText").textValue())));
    }
    for (JsonNode v : file.get("invalid"))
      expect("checkpoints.json invalid: " + v.get("name").textValue(), v.get("fails").textValue(),
          Checkpoints.verify(v.get("checkpoint"), keys));
  }

  private void bundles(JsonNode file) {
    Map<String, byte[]> keys = AuthorityKeys.from(file.get("authority"));
    for (JsonNode v : file.get("valid"))
      expect("proof-bundles.json valid: " + v.get("name").textValue(), "ok", Bundles.verify(v.get("bundle"), keys));
    for (JsonNode v : file.get("invalid"))
      expect("proof-bundles.json invalid: " + v.get("name").textValue(), v.get("fails").textValue(),
          Bundles.verify(v.get("bundle"), keys));
  }

  /** Valid QR texts verify to their statement over the published bytes; each forgery fails as named. */
  private void qr(JsonNode file, JsonNode entries) throws IOException {
    Map<String, byte[]> keys = AuthorityKeys.from(file.get("authority"));
    for (JsonNode v : file.get("valid")) {
      String what = "qr.json valid: " + v.get("name").textValue();
      Qr.Verdict verdict = Qr.verify(v.get("text").textValue(), keys);
      expect(what, "ok", verdict.verdict());
      expect(what + " (statement)", v.get("statement"), verdict.statement());
      expect(what + " (signed bytes)", v.get("signedBytesHex").textValue(), Bytes.hex(Qr.signedBytes(v.get("statement"))));
      JsonNode entry = entries.get((int) Json.safeInteger(v.get("statement").get("seq")).orElse(-1)).get("entry");
      expect(what + " (names its entry)", entry.get("entryHash").textValue(), Json.string(v.get("statement"), "h"));
    }
    for (JsonNode v : file.get("invalid"))
      expect("qr.json invalid: " + v.get("name").textValue(), v.get("fails").textValue(),
          Qr.verify(v.get("text").textValue(), keys).verdict());
  }

  /** Valid answers give the vector's keys; forgeries fail as named; signatures get their verdict. */
  private void keyDirectories(JsonNode file) throws IOException {
    Map<String, byte[]> keys = AuthorityKeys.from(file.get("authority"));
    for (JsonNode v : file.get("valid")) {
      String what = "key-directory.json valid: " + v.get("name").textValue();
      KeyDirectory.Outcome outcome = KeyDirectory.verify(v.get("answer"), keys);
      expect(what, "ok", outcome.reason());
      if (outcome.ok())
        expect(what + " (keys)", Json.canonical(v.get("keys")), Json.canonical(outcome.directory().keys()));
    }
    for (JsonNode v : file.get("invalid")) {
      KeyDirectory.Outcome outcome = KeyDirectory.verify(v.get("answer"), keys);
      expect("key-directory.json invalid: " + v.get("name").textValue(),
          List.of(v.get("fails").textValue(), String.valueOf(Json.string(v, "proof"))),
          List.of(outcome.reason(), String.valueOf(outcome.proof())));
    }
    KeyDirectory.Verified directory =
        KeyDirectory.verify(file.get("valid").get(0).get("answer"), keys).directory();
    for (JsonNode v : file.get("signatures"))
      expect("key-directory.json signature: " + v.get("name").textValue(), v.get("verdict").textValue(),
          directory == null ? "no directory" : KeyDirectory.merchantSignature(directory, v.get("bundle"), keys).reason());
  }
}
