package io.lakeport.query;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

  @Test
  void pollingStartsWellUnder100MillisGrowsAndIsCapped() {
    Backoff poll = Backoff.POLL;
    assertThat(poll.delayMillis(0)).isLessThan(100);
    for (int attempt = 0; attempt < 40; attempt++) {
      assertThat(poll.delayMillis(attempt + 1)).isGreaterThanOrEqualTo(poll.delayMillis(attempt));
      assertThat(poll.delayMillis(attempt)).isLessThanOrEqualTo(2_000);
    }
    assertThat(poll.delayMillis(40)).isEqualTo(2_000);
  }

  @Test
  void longPollingEnginesArePolledAgainWithin200Millis() {
    Backoff poll = Backoff.LONG_POLL;
    assertThat(poll.delayMillis(0)).as("at once after news: the engine itself waits").isEqualTo(1);
    assertThat(poll.delayMillis(5)).isEqualTo(32);
    assertThat(poll.delayMillis(40)).isEqualTo(200);
  }

  @RepeatedTest(20)
  void jitteredDelaysStayInTheUpperHalf() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), 2, Duration.ofSeconds(1), true);
    assertThat(backoff.delayMillis(0)).isBetween(50L, 100L);
    assertThat(backoff.delayMillis(10)).isBetween(500L, 1_000L);
  }

  @Test
  void refusesShrinkingOrEmptyDelays() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, 2, Duration.ofSeconds(1), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(10), 0.5, Duration.ofSeconds(1), false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
