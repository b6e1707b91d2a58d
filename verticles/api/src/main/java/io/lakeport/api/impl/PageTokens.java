package io.lakeport.api.impl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Opaque, signed keyset page tokens: {@code base64url(payload) "." base64url(mac)}. The payload names the
 * listing it belongs to (a digest of its scope: table and filters) and the key of the last row served, one
 * text per key column (a composite key has several); the
 * MAC (HMAC-SHA256, truncated to 128 bits) makes an altered or foreign token fail with a clear 400 instead
 * of silently skipping or repeating rows. A token holds no engine state, so it never expires; it is only
 * valid for servers that share the signing key. The results of an asynchronous query page the same way, the
 * query's id as the scope and the query service's token of the page (the row it starts at) as the key: such
 * a token is good while its query is kept.
 *
 * <p>A token of a table with snapshots (format iceberg) also carries the snapshot its first page named and
 * read ({@link PinnedRead}) and the {@code asOf} its request named, if any, so every following page reads
 * that same snapshot, whatever commits meanwhile, and a token sent with another {@code asOf} (or none) is
 * refused.
 */
public final class PageTokens {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final int MAC_BYTES = 16;

  private final SecretKeySpec key;

  public PageTokens(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("page token secret must have at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /**
   * A read of one snapshot of a table: the one current when the first page was read, or the one current at
   * the instant its request named.
   *
   * @param asOf        the instant the request named, or null when it named none (the current snapshot)
   * @param snapshotId  the snapshot every page reads
   * @param committedAt when that snapshot was committed, which every page's answer names
   */
  public record PinnedRead(Instant asOf, long snapshotId, Instant committedAt) {
    public PinnedRead {
      Objects.requireNonNull(committedAt, "committedAt");
    }
  }

  /** What a token continues: the key of the last row served, and the snapshot it pins (null: none, the current rows). */
  public record Continuation(List<String> lastKey, PinnedRead pinned) {
  }

  /** A token to continue {@code scope} after the row whose key columns hold {@code lastKey}, in key order. */
  public String issue(List<Object> scope, List<String> lastKey) {
    return issue(scope, lastKey, null);
  }

  /** The same for a read of one snapshot ({@code pinned}; null: a table without snapshots, its current rows). */
  public String issue(List<Object> scope, List<String> lastKey, PinnedRead pinned) {
    JsonObject json = new JsonObject().put("s", digest(scope)).put("k", new JsonArray(List.copyOf(lastKey)));
    if (pinned != null) {
      json.put("v", Long.toString(pinned.snapshotId())).put("c", pinned.committedAt().toString());
      if (pinned.asOf() != null) {
        json.put("a", pinned.asOf().toString());
      }
    }
    byte[] payload = json.encode().getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
  }

  /**
   * The key to continue after, if {@code token} was issued by a server with this key for this
   * {@code scope}, reading the current rows; otherwise a 400 problem that says what is wrong.
   */
  public List<String> verify(String token, List<Object> scope) {
    return verify(token, scope, null).lastKey();
  }

  /**
   * What {@code token} continues, if it was issued by a server with this key for this {@code scope} and a
   * request with this {@code asOf} (null: none); otherwise a 400 problem that says what is wrong.
   */
  public Continuation verify(String token, List<Object> scope, Instant asOf) {
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      throw invalid("it is not a page token of this API");
    }
    byte[] payload;
    byte[] mac;
    try {
      payload = DECODER.decode(token.substring(0, dot));
      mac = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw invalid("it is not a page token of this API");
    }
    if (!MessageDigest.isEqual(mac, mac(payload))) {
      throw invalid("it was altered, or issued by a server with another signing key (see api.pageTokenSecret)");
    }
    JsonObject json;
    try {
      json = new JsonObject(new String(payload, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw invalid("it is not a page token of this API");
    }
    if (!digest(scope).equals(json.getValue("s"))) {
      throw invalid("it belongs to another listing; pass the nextToken of the previous page of this same request");
    }
    if (!(json.getValue("k") instanceof JsonArray lastKey) || lastKey.isEmpty()
        || !lastKey.stream().allMatch(String.class::isInstance)) {
      throw invalid("it is not a page token of this API");
    }
    PinnedRead pinned = pinned(json);
    Instant issuedFor = pinned == null ? null : pinned.asOf();
    if (!Objects.equals(issuedFor, asOf)) {
      String why = "it continues a read " + (issuedFor == null ? "without asOf" : "as of " + issuedFor)
          + ", not " + (asOf == null ? "one without asOf" : "one as of " + asOf) + "; pass the asOf of its first page";
      throw invalid(why).with("errors", new JsonArray().add(error("nextToken", why)).add(error("asOf", why)));
    }
    return new Continuation(lastKey.stream().map(String.class::cast).toList(), pinned);
  }

  /** The read a token's payload pins, or null when it has none. */
  private static PinnedRead pinned(JsonObject json) {
    Object snapshot = json.getValue("v");
    Object committedAt = json.getValue("c");
    Object asOf = json.getValue("a");
    if (snapshot == null && committedAt == null && asOf == null) {
      return null;
    }
    if (!(snapshot instanceof String snapshotText) || !(committedAt instanceof String committedText)
        || (asOf != null && !(asOf instanceof String))) {
      throw invalid("it is not a page token of this API");
    }
    try {
      return new PinnedRead(asOf == null ? null : Instant.parse((String) asOf), Long.parseLong(snapshotText),
          Instant.parse(committedText));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw invalid("it is not a page token of this API");
    }
  }

  /**
   * The scope as the token holds it: a digest, so a token stays short whatever filter values its scope
   * holds (the MAC already makes it unforgeable; the digest only has to tell scopes apart).
   */
  private static String digest(List<Object> scope) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(new JsonArray(scope).encode().getBytes(StandardCharsets.UTF_8));
      return ENCODER.encodeToString(Arrays.copyOf(hash, MAC_BYTES));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(key);
      return Arrays.copyOf(hmac.doFinal(payload), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static Problem invalid(String why) {
    return new Problem("invalid-page-token", "Invalid page token", 400, "nextToken is not valid: " + why)
        .with("errors", new JsonArray().add(error("nextToken", why)));
  }

  private static JsonObject error(String parameter, String reason) {
    return new JsonObject().put("in", "query").put("name", parameter).put("reason", reason);
  }
}
