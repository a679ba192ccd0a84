package taxchain.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent Tax Chain verifier, written from docs/spec alone.
 *
 * <pre>
 * vectors DIR                                   run every vector of docs/spec/vectors
 * proof --authority SRC [--merchant-key HEX]… [--witness VKEY… [--quorum K]] SRC
 *                                               verify a proof bundle, or every bundle of a subject
 *                                               proof or trail; SRC is a file or an http(s) URL,
 *                                               fetched with "Authorization: Bearer $TAXCHAIN_TOKEN";
 *                                               with witnesses, each checkpoint needs K (default: all)
 *                                               of them to cosign it, else "below-quorum"
 * qr --authority SRC FILE                       verify the scanned text of a printed invoice's QR code
 *                                               (FILE, one trailing newline ignored) offline
 * keys --authority SRC [--entry SRC]… SRC       verify a merchant key directory answer (GET
 *                                               /merchants/{taxId}/keys) and print each key's
 *                                               validity; with --entry, check the merchant's
 *                                               signature on each entry of that proof bundle or
 *                                               subject proof against the directory
 * </pre>
 *
 * Exit codes: 0 verified, 1 a source could not be read, 2 bad usage, 3 not verified.
 */
public final class Main {
  private static final String PROOF_USAGE =
      "proof --authority SRC [--merchant-key HEX]... [--witness VKEY... [--quorum K]] SRC";
  private static final String KEYS_USAGE = "keys --authority SRC [--entry SRC]... SRC";

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("vectors")) {
      System.exit(new Vectors(Path.of(args[1]), System.out).run() ? 0 : 3);
    } else if (args.length >= 4 && args[0].equals("proof")) {
      System.exit(proof(args));
    } else if (args.length == 4 && args[0].equals("qr") && args[1].equals("--authority")) {
      System.exit(qr(args[2], args[3]));
    } else if (args.length >= 4 && args[0].equals("keys")) {
      System.exit(keys(args));
    } else {
      System.err.println(
          "usage: vectors DIR | " + PROOF_USAGE + " | qr --authority SRC FILE | " + KEYS_USAGE);
      System.exit(2);
    }
  }

  private static int proof(String[] args) throws IOException, InterruptedException {
    String authority = null;
    Map<String, byte[]> merchantKeys = new HashMap<>();
    List<String> witnessKeys = new ArrayList<>();
    String quorum = null;
    int i = 1;
    for (; i < args.length - 1; i += 2) {
      if (args[i].equals("--authority")) authority = args[i + 1];
      else if (args[i].equals("--merchant-key") && Bytes.isLowerHex(args[i + 1], 32)) {
        byte[] key = Bytes.fromHex(args[i + 1]);
        merchantKeys.put(StrictEd25519.keyId(key), key);
      } else if (args[i].equals("--witness")) witnessKeys.add(args[i + 1]);
      else if (args[i].equals("--quorum")) quorum = args[i + 1];
      else break;
    }
    Witnesses policy = null;
    try {
      if (!witnessKeys.isEmpty())
        policy = Witnesses.policy(witnessKeys, quorum == null ? null : Integer.valueOf(quorum));
      else if (quorum != null) throw new IllegalArgumentException("--quorum needs --witness");
    } catch (IllegalArgumentException e) {
      System.err.println("bad witness policy: " + e.getMessage());
      return 2;
    }
    if (authority == null || i != args.length - 1) {
      System.err.println("usage: " + PROOF_USAGE);
      return 2;
    }
    JsonNode input;
    Map<String, byte[]> keys;
    try {
      keys = AuthorityKeys.from(Json.parse(read(authority)));
      input = Json.parse(read(args[i]));
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("cannot read: " + e.getMessage());
      return 1;
    }
    ObjectNode report = verifyAll(input, keys, merchantKeys, policy);
    System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    return report.get("verified").asBoolean() ? 0 : 3;
  }

  private static int qr(String authority, String file) throws IOException, InterruptedException {
    Map<String, byte[]> keys;
    String text;
    try {
      keys = AuthorityKeys.from(Json.parse(read(authority)));
      text = Files.readString(Path.of(file)).replaceFirst("\\r?\\n\\z", "");
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("cannot read: " + e.getMessage());
      return 1;
    }
    Qr.Verdict verdict = Qr.verify(text, keys);
    ObjectNode report = Json.MAPPER.createObjectNode();
    report.put("verified", verdict.verdict().equals("ok"));
    report.put("verdict", verdict.verdict());
    if (verdict.statement() != null) report.set("statement", verdict.statement());
    System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    return verdict.verdict().equals("ok") ? 0 : 3;
  }

  private static int keys(String[] args) throws IOException, InterruptedException {
    String authority = null;
    List<String> entrySources = new ArrayList<>();
    int i = 1;
    for (; i < args.length - 1; i += 2) {
      if (args[i].equals("--authority")) authority = args[i + 1];
      else if (args[i].equals("--entry")) entrySources.add(args[i + 1]);
      else break;
    }
    if (authority == null || i != args.length - 1) {
      System.err.println("usage: " + KEYS_USAGE);
      return 2;
    }
    Map<String, byte[]> keys;
    JsonNode answer;
    List<JsonNode> entries = new ArrayList<>();
    try {
      keys = AuthorityKeys.from(Json.parse(read(authority)));
      answer = Json.parse(read(args[i]));
      for (String source : entrySources) entries.add(Json.parse(read(source)));
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("cannot read: " + e.getMessage());
      return 1;
    }
    KeyDirectory.Outcome directory = KeyDirectory.verify(answer, keys);
    ObjectNode report = Json.MAPPER.createObjectNode();
    boolean verified = directory.ok();
    if (verified) {
      report.put("taxId", directory.directory().taxId());
      report.set("keys", directory.directory().keys());
      ArrayNode results = report.putArray("entries");
      for (JsonNode input : entries)
        for (JsonNode[] item : items(input)) {
          KeyDirectory.Outcome signature =
              item[1] == null || item[1].isNull()
                  ? new KeyDirectory.Outcome("pending", null, null, null)
                  : KeyDirectory.merchantSignature(directory.directory(), item[1], keys);
          verified &= signature.ok();
          ObjectNode result = describe(results.addObject(), item);
          result.put("verdict", signature.reason());
          if (signature.proof() != null) result.put("proof", signature.proof());
        }
    } else {
      report.put("reason", directory.reason());
      if (directory.keyId() != null) report.put("keyId", directory.keyId());
      if (directory.proof() != null) report.put("proof", directory.proof());
    }
    report.put("verified", verified);
    System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    return verified ? 0 : 3;
  }

  /** Every item of a subject proof (or trail, or a reimbursement verification's proof), or one bundle: [listed entry or null, bundle]. */
  private static List<JsonNode[]> items(JsonNode input) {
    JsonNode proof = input.has("proof") && input.get("proof").has("entries") ? input.get("proof") : input;
    List<JsonNode[]> items = new ArrayList<>();
    if (proof.has("entries") && proof.get("entries").isArray()) {
      for (JsonNode item : proof.get("entries")) items.add(new JsonNode[] {item.get("entry"), item.get("proof")});
    } else {
      items.add(new JsonNode[] {null, proof});
    }
    return items;
  }

  /** The result row of an item: its entry's position, kind, subject and hash. */
  private static ObjectNode describe(ObjectNode result, JsonNode[] item) {
    JsonNode shown = item[1] != null && item[1].has("entry") ? item[1].get("entry") : item[0];
    if (shown != null) {
      for (String member : new String[] {"chain", "seq", "kind", "subject", "entryHash"})
        result.set(member, shown.get(member));
    }
    return result;
  }

  /** Every item of a subject proof (or trail, or a reimbursement verification's proof), or one bundle. */
  static ObjectNode verifyAll(
      JsonNode input, Map<String, byte[]> keys, Map<String, byte[]> merchantKeys, Witnesses policy)
      throws IOException {
    List<JsonNode[]> items = items(input);
    ObjectNode report = Json.MAPPER.createObjectNode();
    ArrayNode results = report.putArray("entries");
    boolean verified = !items.isEmpty();
    for (JsonNode[] item : items) {
      String verdict = verdict(item[0], item[1], keys, merchantKeys, policy);
      verified &= verdict.equals("ok");
      describe(results.addObject(), item).put("verdict", verdict);
    }
    report.put("verified", verified);
    return report;
  }

  private static String verdict(
      JsonNode listed,
      JsonNode bundle,
      Map<String, byte[]> keys,
      Map<String, byte[]> merchantKeys,
      Witnesses policy)
      throws IOException {
    if (bundle == null || bundle.isNull()) return "pending";
    String verdict = Bundles.verify(bundle, keys);
    if (!verdict.equals("ok")) return verdict;
    if (policy != null && !policy.verify(bundle).equals("ok")) return "below-quorum";
    JsonNode entry = bundle.get("entry");
    if (listed != null)
      for (String member : new String[] {"entryHash", "chain", "seq"})
        if (!entry.get(member).equals(listed.get(member))) return "listed-entry-mismatch";
    if (merchantKeys.isEmpty()) return "ok";
    String signature = Bundles.actorSignature(entry, merchantKeys);
    return signature.equals("unsigned") ? "ok" : signature;
  }

  private static String read(String source) throws IOException, InterruptedException {
    if (!source.startsWith("http://") && !source.startsWith("https://"))
      return Files.readString(Path.of(source));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(source)).timeout(Duration.ofSeconds(30));
    String token = System.getenv("TAXCHAIN_TOKEN");
    if (token != null && !token.isEmpty()) request.header("Authorization", "Bearer " + token);
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200)
      throw new IOException(source + " answered " + response.statusCode() + ": " + response.body());
    return response.body();
  }
}
