package io.lakeport.ops.bridge;

import io.lakeport.config.LakeportConfig.BridgeConfig;
import io.lakeport.deploy.ListenException;
import io.lakeport.run.IngestAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.lakeport.ops.OpsTesting.await;
import static io.lakeport.ops.OpsTesting.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge verticle on a real TCP port, spoken to in raw frames, with probes on the bus that record what
 * reaches them: the allow-list lets the trigger, status and progress addresses through and nothing else.
 */
@ExtendWith(VertxExtension.class)
class BridgeVerticleTest {

  private static final String DATA_PATH = "lakeport.transfer.ms1.usuarios.0a1b2c";

  private int port;
  private final List<JsonObject> startRequests = new CopyOnWriteArrayList<>();
  private final List<Object> dataPathMessages = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private NetSocket socket;

  @BeforeEach
  void startBridge(Vertx vertx) throws Exception {
    port = freePort();
    vertx.eventBus().<JsonObject>consumer(IngestAddresses.START, m -> {
      startRequests.add(m.body());
      m.reply(new JsonObject().put("runId", "ms1-20261127T193000Z-0a1b2c"));
    });
    vertx.eventBus().consumer(DATA_PATH, m -> dataPathMessages.add(m.body()));
    await(vertx.deployVerticle(new BridgeVerticle(new BridgeConfig("127.0.0.1", port))));
    socket = await(vertx.createNetClient().connect(port, "127.0.0.1"));
    socket.handler(BridgeFrames.decoder(frames::add, e -> frames.add(new JsonObject().put("decoderError", e.getMessage()))));
  }

  @org.junit.jupiter.api.AfterEach
  void closeSocket() throws Exception {
    await(socket.close());
  }

  @Test
  void aSendToTheTriggerAddressReachesItAndTheReplyComesBack() throws Exception {
    write(new JsonObject().put("type", "send").put("address", IngestAddresses.START).put("replyAddress", "r1")
        .put("body", new JsonObject().put("source", "ms1")));
    JsonObject reply = next();
    assertThat(reply.getString("type")).isEqualTo("message");
    assertThat(reply.getString("address")).isEqualTo("r1");
    assertThat(reply.getJsonObject("body").getString("runId")).isEqualTo("ms1-20261127T193000Z-0a1b2c");
    assertThat(startRequests).containsExactly(new JsonObject().put("source", "ms1"));
  }

  @Test
  void aSendOutsideTheAllowListIsRefusedAndNeverDelivered() throws Exception {
    write(new JsonObject().put("type", "send").put("address", DATA_PATH).put("replyAddress", "r2")
        .put("body", new JsonObject().put("chunk", "x")));
    write(new JsonObject().put("type", "send").put("address", DATA_PATH).put("body", "no reply wanted"));
    assertThat(next()).isEqualTo(new JsonObject().put("type", "err").put("message", "access_denied"));
    assertThat(next()).isEqualTo(new JsonObject().put("type", "err").put("message", "access_denied"));
    // A round trip after both: the bridge has handled them, and nothing reached the data path.
    write(new JsonObject().put("type", "ping"));
    assertThat(next().getString("type")).isEqualTo("pong");
    assertThat(dataPathMessages).isEmpty();
  }

  @Test
  void registeringAnythingButProgressIsRefused() throws Exception {
    for (String address : List.of(DATA_PATH, IngestAddresses.START, "lakeport.query.results")) {
      write(new JsonObject().put("type", "register").put("address", address));
      assertThat(next()).as(address).isEqualTo(new JsonObject().put("type", "err").put("message", "access_denied"));
    }
  }

  @Test
  void aRegisteredClientReceivesProgressButCannotPublishIt(Vertx vertx) throws Exception {
    write(new JsonObject().put("type", "register").put("address", IngestAddresses.PROGRESS));
    write(new JsonObject().put("type", "ping"));
    assertThat(next().getString("type")).isEqualTo("pong");
    JsonObject event = new JsonObject().put("runId", "ms1-20261127T193000Z-0a1b2c").put("type", "run-started");
    vertx.eventBus().publish(IngestAddresses.PROGRESS, event);
    JsonObject message = next();
    assertThat(message.getString("type")).isEqualTo("message");
    assertThat(message.getString("address")).isEqualTo(IngestAddresses.PROGRESS);
    assertThat(message.getJsonObject("body")).isEqualTo(event);

    // Publishing, even to an allowed address, is refused: tooling never fakes progress or fans out triggers.
    write(new JsonObject().put("type", "publish").put("address", IngestAddresses.PROGRESS).put("body", event));
    write(new JsonObject().put("type", "publish").put("address", IngestAddresses.START).put("body", new JsonObject().put("source", "ms1")));
    assertThat(next().getString("type")).isEqualTo("err");
    assertThat(next().getString("type")).isEqualTo("err");
    write(new JsonObject().put("type", "ping"));
    assertThat(next().getString("type")).isEqualTo("pong");
    assertThat(startRequests).isEmpty();
  }

  @Test
  void aFrameThatIsNotJsonIsAnsweredAndTheConnectionGoesOn(Vertx vertx) throws Exception {
    await(socket.write(Buffer.buffer().appendInt(9).appendString("not json!")));
    assertThat(next()).isEqualTo(new JsonObject().put("type", "err").put("message", "invalid_json"));
    await(socket.write(Buffer.buffer().appendInt(5).appendString("[1,2]")));
    assertThat(next()).isEqualTo(new JsonObject().put("type", "err").put("message", "invalid_json"));
    write(new JsonObject().put("type", "ping"));
    assertThat(next().getString("type")).isEqualTo("pong");
  }

  @Test
  void aFrameAnnouncingMoreThanTheLimitIsAnsweredAndClosedUnreadWhileOthersAreServed(Vertx vertx) throws Exception {
    for (long announced : new long[] {2L * 1024 * 1024 * 1024, BridgeConfig.DEFAULT_MAX_FRAME_BYTES + 1L}) {
      LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
      NetSocket hostile = await(vertx.createNetClient().connect(port, "127.0.0.1"));
      hostile.handler(BridgeFrames.decoder(received::add, received::add));
      hostile.closeHandler(v -> received.add("closed"));
      // The length prefix and a little of the promised body: the bridge must not wait for the rest.
      await(hostile.write(Buffer.buffer().appendInt((int) announced).appendString("{\"type\":\"ping\"")));
      assertThat(received.poll(30, TimeUnit.SECONDS)).as("the answer to a frame of " + announced + " bytes")
          .isEqualTo(new JsonObject().put("type", "err").put("message", "frame_too_large")
              .put("maxFrameBytes", BridgeConfig.DEFAULT_MAX_FRAME_BYTES));
      assertThat(received.poll(30, TimeUnit.SECONDS)).as("the connection is closed").isEqualTo("closed");
      // Another connection (the test's own) is still served.
      write(new JsonObject().put("type", "send").put("address", IngestAddresses.START).put("replyAddress", "r" + announced)
          .put("body", new JsonObject().put("source", "ms1")));
      assertThat(next().getString("address")).isEqualTo("r" + announced);
    }
  }

  @Test
  void aBridgeOnAPortTakenByAnotherProcessFailsNamingTheAddressAndItsKeys(Vertx vertx) throws Exception {
    // Taken outside Vert.x: servers of one Vert.x instance share a port instead of failing.
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int takenPort = taken.getLocalPort();
      Throwable failure = vertx.deployVerticle(new BridgeVerticle(new BridgeConfig("127.0.0.1", takenPort)))
          .toCompletionStage().toCompletableFuture().handle((id, e) -> e).get(30, TimeUnit.SECONDS);
      assertThat(failure).isInstanceOf(ListenException.class)
          .hasMessageStartingWith("bridge: cannot listen on 127.0.0.1:" + takenPort + " (bridge.host/bridge.port): ");
      ListenException listen = (ListenException) failure;
      assertThat(listen.component()).isEqualTo("bridge");
      assertThat(listen.host()).isEqualTo("127.0.0.1");
      assertThat(listen.port()).isEqualTo(takenPort);
      assertThat(listen.configKeys()).isEqualTo("bridge.host/bridge.port");
    }
  }

  private void write(JsonObject frame) throws Exception {
    await(socket.write(BridgeFrames.encode(frame)));
  }

  private JsonObject next() throws InterruptedException {
    JsonObject frame = frames.poll(30, TimeUnit.SECONDS);
    assertThat(frame).as("a frame from the bridge").isNotNull();
    return frame;
  }

}
