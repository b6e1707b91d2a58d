package io.lakeport.api.impl;

import io.vertx.core.Future;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks the {@code X-API-Key} header against {@code api.apiKeys}. Keys are compared as SHA-256 digests in
 * constant time, and a caller is known afterwards only as {@code key-N} (its key's position in the list),
 * so no key ever reaches a log.
 */
public final class ApiKeys implements AuthenticationProvider {

  private final List<byte[]> digests;

  public ApiKeys(List<String> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no API keys configured");
    }
    this.digests = keys.stream().map(ApiKeys::digest).toList();
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    if (!(credentials instanceof TokenCredentials token) || token.getToken() == null) {
      return Future.failedFuture(new ApiKeyException(ApiKeyException.Reason.MISSING));
    }
    byte[] given = digest(token.getToken());
    int match = -1;
    for (int i = 0; i < digests.size(); i++) {
      // No early exit: every key is compared, whichever matches.
      if (MessageDigest.isEqual(digests.get(i), given) && match < 0) {
        match = i;
      }
    }
    return match < 0 ? Future.failedFuture(new ApiKeyException(ApiKeyException.Reason.UNKNOWN))
        : Future.succeededFuture(User.fromName("key-" + (match + 1)));
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
