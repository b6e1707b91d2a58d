package io.lakeport.api.impl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PageTokensTest {

  private final PageTokens tokens = new PageTokens("a-test-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8));

  @Test
  void roundTripsNumericAndTextKeys() {
    List<Object> scope = List.of("listPedidos");
    assertThat(tokens.verify(tokens.issue(scope, 42L), scope)).isEqualTo(42L);
    assertThat(tokens.verify(tokens.issue(scope, Long.MAX_VALUE), scope)).isEqualTo(Long.MAX_VALUE);
    assertThat(tokens.verify(tokens.issue(scope, "67e499c96c6f6773010005dc"), scope)).isEqualTo("67e499c96c6f6773010005dc");
    List<Object> filtered = List.of("listFacturasPorCliente", 7L);
    assertThat(tokens.verify(tokens.issue(filtered, 3L), filtered)).isEqualTo(3L);
  }

  @Test
  void tokensAreUrlSafe() {
    assertThat(tokens.issue(List.of("listLogs", "a'b\"c"), "k/+=")).matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$");
  }

  @Test
  void refusesAnAlteredToken() {
    List<Object> scope = List.of("listPedidos");
    String token = tokens.issue(scope, 42L);
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
    String token = tokens.issue(List.of("listFacturasPorCliente", 7L), 3L);
    assertThat(catchThrowableOfType(Problem.class,
        () -> tokens.verify(token, List.of("listFacturasPorCliente", 8L))).detail()).contains("another listing");
    assertThat(catchThrowableOfType(Problem.class,
        () -> tokens.verify(token, List.of("listFacturas"))).detail()).contains("another listing");
  }

  @Test
  void refusesATokenSignedWithAnotherKey() {
    PageTokens other = new PageTokens("another-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
    String token = other.issue(List.of("listPedidos"), 42L);
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
}
