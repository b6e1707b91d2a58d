package io.lakeport.api.impl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PageTokensTest {

  private final PageTokens tokens = new PageTokens("a-test-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8));

  @Test
  void roundTripsNumericTextAndCompositeKeys() {
    List<Object> scope = List.of("listPedidos");
    assertThat(tokens.verify(tokens.issue(scope, List.of("42")), scope)).containsExactly("42");
    assertThat(tokens.verify(tokens.issue(scope, List.of(Long.toString(Long.MAX_VALUE))), scope))
        .containsExactly("9223372036854775807");
    assertThat(tokens.verify(tokens.issue(scope, List.of("67e499c96c6f6773010005dc")), scope)).containsExactly("67e499c96c6f6773010005dc");
    List<Object> filtered = List.of("listFacturasPorCliente", 7L);
    assertThat(tokens.verify(tokens.issue(filtered, List.of("3")), filtered)).containsExactly("3");
    assertThat(tokens.verify(tokens.issue(scope, List.of("7", "2024-01-07 02:11:59.000000")), scope))
        .containsExactly("7", "2024-01-07 02:11:59.000000");
  }

  @Test
  void tokensAreUrlSafe() {
    assertThat(tokens.issue(List.of("listLogs", "a'b\"c"), List.of("k/+="))).matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$");
  }

  @Test
  void refusesAnAlteredToken() {
    List<Object> scope = List.of("listPedidos");
    String token = tokens.issue(scope, List.of("42"));
    String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
    String forged = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.replace("42", "4").getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
    Problem problem = catchThrowableOfType(Problem.class, () -> tokens.verify(forged, scope));
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.type()).isEqualTo("urn:lakeport:problem:invalid-page-token");
    assertThat(problem.detail()).contains("altered");
  }

  @Test
  void refusesATokenOfAnotherListingOrFilter() {
    String token = tokens.issue(List.of("listFacturasPorCliente", 7L), List.of("3"));
    assertThat(catchThrowableOfType(Problem.class,
        () -> tokens.verify(token, List.of("listFacturasPorCliente", 8L))).detail()).contains("another listing");
    assertThat(catchThrowableOfType(Problem.class,
        () -> tokens.verify(token, List.of("listFacturas"))).detail()).contains("another listing");
  }

  @Test
  void refusesATokenSignedWithAnotherKey() {
    PageTokens other = new PageTokens("another-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
    String token = other.issue(List.of("listPedidos"), List.of("42"));
    assertThat(catchThrowableOfType(Problem.class, () -> tokens.verify(token, List.of("listPedidos"))).detail())
        .contains("another signing key");
  }

  @Test
  void refusesGarbage() {
    for (String garbage : List.of("x", "a.b.c", "!!!.???", ".abc", "eyJ9.AAAA")) {
      assertThat(catchThrowableOfType(Problem.class, () -> tokens.verify(garbage, List.of("listPedidos"))))
          .as(garbage).isNotNull();
    }
  }

  @Test
  void aTokenCarriesTheSnapshotItsPagesReadWithOrWithoutAsOf() {
    List<Object> scope = List.of("ms1_t");
    Instant asOf = Instant.parse("2026-12-01T10:00:00Z");
    PageTokens.PinnedRead pinned = new PageTokens.PinnedRead(asOf, 8_765_432_109_876_543_210L,
        Instant.parse("2026-11-30T08:00:00.123Z"));
    PageTokens.Continuation continuation = tokens.verify(tokens.issue(scope, List.of("7"), pinned), scope,
        Instant.parse("2026-12-01T11:00:00+01:00"));
    assertThat(continuation.lastKey()).containsExactly("7");
    assertThat(continuation.pinned()).isEqualTo(pinned);
    // A read of the current snapshot (no asOf) pins the snapshot it named too.
    PageTokens.PinnedRead current = new PageTokens.PinnedRead(null, -3L, Instant.parse("2026-12-07T23:00:00Z"));
    assertThat(tokens.verify(tokens.issue(scope, List.of("7"), current), scope, null).pinned()).isEqualTo(current);
    assertThat(tokens.verify(tokens.issue(scope, List.of("7")), scope, null).pinned()).isNull();
  }

  @Test
  void aTokenSentWithAnotherAsOfOrWithoutTheOneItWasIssuedForIsRefusedNamingAsOf() {
    List<Object> scope = List.of("ms1_t");
    Instant asOf = Instant.parse("2026-12-01T10:00:00Z");
    String pinned = tokens.issue(scope, List.of("7"), new PageTokens.PinnedRead(asOf, 42L, asOf));
    Problem other = catchThrowableOfType(Problem.class, () -> tokens.verify(pinned, scope, asOf.plusSeconds(1)));
    assertThat(other.type()).isEqualTo("urn:lakeport:problem:invalid-page-token");
    assertThat(other.detail()).contains("as of 2026-12-01T10:00:00Z", "as of 2026-12-01T10:00:01Z");
    assertThat(other.toJson(null).getJsonArray("errors").stream().map(e -> ((io.vertx.core.json.JsonObject) e).getString("name")))
        .containsExactly("nextToken", "asOf");
    assertThat(catchThrowableOfType(Problem.class, () -> tokens.verify(pinned, scope)).detail()).contains("without asOf");
    for (String current : List.of(tokens.issue(scope, List.of("7")),
        tokens.issue(scope, List.of("7"), new PageTokens.PinnedRead(null, 42L, asOf)))) {
      assertThat(catchThrowableOfType(Problem.class, () -> tokens.verify(current, scope, asOf)).detail())
          .contains("continues a read without asOf");
    }
  }
}
