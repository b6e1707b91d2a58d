package io.lakeport.ops.bridge;

import io.lakeport.config.LakeportConfig.BridgeConfig;
import io.lakeport.run.IngestAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.lakeport.ops.OpsTesting.await;
import static io.lakeport.ops.OpsTesting.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tooling's bridge client against the real bridge verticle, with probes answering on the bus. */
@ExtendWith(VertxExtension.class)
class BridgeClientTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private int port;
  private final java.util.List<BridgeClient> clients = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void closeClients() throws Exception {
    for (BridgeClient client : clients) {
      await(client.close());
    }
  }

  private BridgeClient connect(Vertx vertx) throws Exception {
    BridgeClient client = await(BridgeClient.connect(vertx, "127.0.0.1", port, TIMEOUT));
    clients.add(client);
    return client;
  }

  @BeforeEach
  void startBridge(Vertx vertx) throws Exception {
    port = freePort();
    await(vertx.deployVerticle(new BridgeVerticle(new BridgeConfig("127.0.0.1", port))));
  }

  @Test
  void aRequestGetsTheReplyBody(Vertx vertx) throws Exception {
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.STATUS,
        m -> m.reply(new JsonObject().put("runId", m.body().getString("runId")).put("state", "running")));
    BridgeClient client = connect(vertx);
    JsonObject reply = await(client.request(IngestAddresses.STATUS, new JsonObject().put("runId", "ms1-x-1"), TIMEOUT));
    assertThat(reply).isEqualTo(new JsonObject().put("runId", "ms1-x-1").put("state", "running"));
  }

  /**
   * The CLI's bug: Vert.x shuts down a net client once a collection finds it unreferenced, closing its
   * connections after a 30 s grace (CleanableNetClient), so a long {@code ingest --follow} lost its bridge.
   * Slow on purpose: the grace period is Vert.x's own and cannot be shortened.
   */
  @Test
  void theConnectionOutlivesGarbageCollections(Vertx vertx) throws Exception {
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.STATUS, m -> m.reply(new JsonObject().put("state", "running")));
    BridgeClient client = connect(vertx);
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Thread.sleep(33_000);
    assertThat(await(client.request(IngestAddresses.STATUS, new JsonObject().put("runId", "ms1-x-1"), TIMEOUT)))
        .isEqualTo(new JsonObject().put("state", "running"));
    assertThat(client.isClosed()).isFalse();
  }

  @Test
  void aFailureReplyKeepsItsCodeAndReason(Vertx vertx) throws Exception {
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.START,
        m -> m.fail(IngestAddresses.CONFLICT, "a run of ms1 is going on: ms1-20261127T193000Z-0a1b2c"));
    BridgeClient client = connect(vertx);
    assertThatThrownBy(() -> await(client.request(IngestAddresses.START, new JsonObject().put("source", "ms1"), TIMEOUT)))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(BridgeException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(IngestAddresses.CONFLICT);
          assertThat(e.failureType()).isEqualTo("RECIPIENT_FAILURE");
          assertThat(e.getMessage()).isEqualTo("a run of ms1 is going on: ms1-20261127T193000Z-0a1b2c");
        });
  }

  @Test
  void noServiceOnTheAddressIsNoHandlers(Vertx vertx) throws Exception {
    BridgeClient client = connect(vertx);
    assertThatThrownBy(() -> await(client.request(IngestAddresses.RUNS, new JsonObject(), TIMEOUT)))
        .cause().isInstanceOfSatisfying(BridgeException.class, e -> assertThat(e.failureType()).isEqualTo("NO_HANDLERS"));
  }

  @Test
  void aRefusedAddressFailsTheRequestWithAccessDenied(Vertx vertx) throws Exception {
    BridgeClient client = connect(vertx);
    assertThatThrownBy(() -> await(client.request("lakeport.transfer.secret", new JsonObject(), TIMEOUT)))
        .cause().isInstanceOfSatisfying(BridgeException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("access_denied");
          assertThat(e.failureCode()).isEqualTo(-1);
        });
  }

  @Test
  void registeredHandlersGetPublishedBodies(Vertx vertx) throws Exception {
    BridgeClient client = connect(vertx);
    LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    client.register(IngestAddresses.PROGRESS, events::add);
    // The registration is handled before this request: frames are processed in order.
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.RUNS, m -> m.reply(new JsonObject().put("runs", new io.vertx.core.json.JsonArray())));
    await(client.request(IngestAddresses.RUNS, new JsonObject(), TIMEOUT));
    JsonObject event = new JsonObject().put("runId", "ms2-20261127T193000Z-0a1b2c").put("type", "table-done");
    vertx.eventBus().publish(IngestAddresses.PROGRESS, event);
    assertThat(events.poll(20, TimeUnit.SECONDS)).isEqualTo(event);
  }

  @Test
  void nothingListeningIsUnreachableWithTheAddressInTheMessage(Vertx vertx) throws Exception {
    int closed = freePort();
    assertThatThrownBy(() -> await(BridgeClient.connect(vertx, "127.0.0.1", closed, TIMEOUT)))
        .cause().isInstanceOf(BridgeClient.BridgeUnreachableException.class)
        .hasMessageContaining("cannot reach the Lakeport bridge at 127.0.0.1:" + closed);
  }

  @Test
  void aConnectionClosedByTheServerFailsPendingRequests(Vertx vertx) throws Exception {
    // A request nobody answers, then the bridge goes away.
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.STATUS, m -> { });
    BridgeClient client = connect(vertx);
    var pending = client.request(IngestAddresses.STATUS, new JsonObject().put("runId", "ms1-x-1"), TIMEOUT);
    for (String id : vertx.deploymentIDs()) {
      await(vertx.undeploy(id));
    }
    assertThatThrownBy(() -> await(pending)).cause().isInstanceOf(BridgeClient.BridgeUnreachableException.class);
    assertThat(client.isClosed()).isTrue();
  }
}
