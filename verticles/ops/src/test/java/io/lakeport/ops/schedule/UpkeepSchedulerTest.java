package io.lakeport.ops.schedule;

import io.lakeport.run.IngestAddresses;
import io.lakeport.schedule.Schedule;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UpkeepScheduler} against a bus consumer standing in for the coordinator: at a slot it asks for the
 * upkeep of every source on {@link IngestAddresses#UPKEEP}, a refusal of one (a run going on) does not keep
 * the other from being asked.
 */
class UpkeepSchedulerTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void atASlotEverySourceIsAskedForItsUpkeepAndARefusalSkipsOnlyThatSource() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.UPKEEP, m -> {
      String source = m.body().getString("source");
      asked.add(source);
      if (source.equals("ms1")) {
        m.fail(IngestAddresses.CONFLICT, "source ms1 is already ingesting (run ms1-x)");
      } else {
        m.reply(new JsonObject().put("source", source).put("state", "succeeded"));
      }
    }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Schedule schedule = Schedule.parse("every 1h");
    // A clock a second before a slot, so the test waits one second for it, not an hour.
    Instant now = Instant.now();
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(now, schedule.next(now)).minusSeconds(1));
    UpkeepScheduler scheduler = new UpkeepScheduler(vertx, List.of("ms1", "ms2"), schedule, clock);
    vertx.runOnContext(v -> scheduler.start());

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (asked.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(asked).containsExactlyInAnyOrder("ms1", "ms2");
    vertx.runOnContext(v -> scheduler.stop());
  }
}
