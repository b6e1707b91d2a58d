package io.lakeport.api.impl;

import io.vertx.core.Future;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The API key check on its own: which caller a key names, and why a key is refused. */
class ApiKeysTest {

  private final ApiKeys keys = new ApiKeys(List.of("first-key", "second-key"));

  @Test
  void aKnownKeyNamesItsCallerByPositionNotByTheKey() {
    Future<User> user = keys.authenticate(new TokenCredentials("second-key"));
    assertThat(user.succeeded()).as("a configured key is accepted").isTrue();
    assertThat(user.result().subject()).isEqualTo("key-2");
  }

  @Test
  void anUnknownKeyIsRefusedAsUnknown() {
    assertThat(refusal(new TokenCredentials("guessed-key")))
        .hasMessage("unknown API key")
        .extracting(ApiKeyException::reason).isEqualTo(ApiKeyException.Reason.UNKNOWN);
  }

  @Test
  void aMissingKeyIsRefusedAsMissing() {
    assertThat(refusal(new TokenCredentials((String) null)))
        .hasMessage("no API key")
        .extracting(ApiKeyException::reason).isEqualTo(ApiKeyException.Reason.MISSING);
  }

  private ApiKeyException refusal(TokenCredentials credentials) {
    Future<User> user = keys.authenticate(credentials);
    assertThat(user.failed()).as("the key is refused").isTrue();
    assertThat(user.cause()).isInstanceOf(ApiKeyException.class);
    return (ApiKeyException) user.cause();
  }
}
