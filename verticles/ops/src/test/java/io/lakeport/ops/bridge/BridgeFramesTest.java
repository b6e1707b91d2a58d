package io.lakeport.ops.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BridgeFramesTest {

  @Test
  void aFrameIsABigEndianLengthThenTheJson() {
    JsonObject frame = new JsonObject().put("type", "ping");
    Buffer encoded = BridgeFrames.encode(frame);
    byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
    assertThat(encoded.getInt(0)).isEqualTo(json.length);
    assertThat(encoded.getBytes(4, encoded.length())).isEqualTo(json);
  }

  @Test
  void framesSplitAnywhereAndJoinedAreDecodedWhole() {
    List<JsonObject> sent = List.of(
        new JsonObject().put("type", "send").put("address", "lakeport.ingest.start").put("body", new JsonObject().put("source", "ms1")),
        new JsonObject().put("type", "message").put("address", "x").put("body", new JsonObject().put("text", "ñandú ✓")),
        new JsonObject().put("type", "pong"));
    Buffer stream = Buffer.buffer();
    sent.forEach(f -> stream.appendBuffer(BridgeFrames.encode(f)));
    for (int chunk : new int[] {1, 3, 7, stream.length()}) {
      List<JsonObject> received = new ArrayList<>();
      List<Throwable> errors = new ArrayList<>();
      var decoder = BridgeFrames.decoder(received::add, errors::add);
      for (int i = 0; i < stream.length(); i += chunk) {
        decoder.handle(stream.getBuffer(i, Math.min(stream.length(), i + chunk)));
      }
      assertThat(errors).isEmpty();
      assertThat(received).as("chunks of " + chunk).isEqualTo(sent);
    }
  }

  @Test
  void aNegativeOrHugeLengthIsAProtocolError() {
    for (int length : new int[] {-1, 0, BridgeFrames.MAX_FRAME_BYTES + 1}) {
      List<Throwable> errors = new ArrayList<>();
      List<JsonObject> received = new ArrayList<>();
      BridgeFrames.decoder(received::add, errors::add).handle(Buffer.buffer().appendInt(length).appendString("{}"));
      assertThat(errors).as("length " + length).singleElement().asString().contains("bad frame length " + length);
      assertThat(received).isEmpty();
    }
  }

  @Test
  void aFrameThatIsNotAJsonObjectIsAProtocolErrorAndStopsTheDecoder() {
    List<Throwable> errors = new ArrayList<>();
    List<JsonObject> received = new ArrayList<>();
    var decoder = BridgeFrames.decoder(received::add, errors::add);
    decoder.handle(Buffer.buffer().appendInt(5).appendString("[1,2]"));
    decoder.handle(BridgeFrames.encode(new JsonObject().put("type", "pong")));
    assertThat(errors).singleElement().asString().contains("not a JSON object");
    assertThat(received).isEmpty();
  }
}
