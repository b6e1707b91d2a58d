package io.lakeport.ops;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;

/**
 * The TCP bridge's framing: each frame is a 4-byte big-endian length followed by that many bytes of UTF-8
 * JSON. Frames a client sends: {@code {"type": "send", "address", "replyAddress"?, "body", "headers"?}},
 * {@code {"type": "register"|"unregister", "address"}}, {@code {"type": "ping"}}. Frames it receives:
 * {@code {"type": "message", "address", "body", ...}}, {@code {"type": "err", "message", "address"?,
 * "failureCode"?, "failureType"?, "sourceAddress"?}} and {@code {"type": "pong"}}.
 */
public final class BridgeFrames {

  /** Larger frames are a protocol error; Lakeport's replies are a few KiB. */
  public static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  private BridgeFrames() {
  }

  public static Buffer encode(JsonObject frame) {
    Buffer json = frame.toBuffer();
    return Buffer.buffer(json.length() + 4).appendInt(json.length()).appendBuffer(json);
  }

  /**
   * A parser to set as a socket's handler: hands each whole frame to {@code frames}, however the bytes
   * arrive, and reports a malformed stream (bad length, bad JSON) to {@code errors}, after which it stops.
   */
  public static Handler<Buffer> decoder(Handler<JsonObject> frames, Handler<Throwable> errors) {
    RecordParser parser = RecordParser.newFixed(4);
    boolean[] readingLength = {true};
    boolean[] failed = {false};
    parser.handler(record -> {
      if (failed[0]) {
        return;
      }
      if (readingLength[0]) {
        int length = record.getInt(0);
        if (length <= 0 || length > MAX_FRAME_BYTES) {
          failed[0] = true;
          errors.handle(new IllegalStateException("bad frame length " + length));
          return;
        }
        readingLength[0] = false;
        parser.fixedSizeMode(length);
      } else {
        readingLength[0] = true;
        parser.fixedSizeMode(4);
        JsonObject frame;
        try {
          frame = new JsonObject(record);
        } catch (DecodeException | ClassCastException e) {
          failed[0] = true;
          errors.handle(new IllegalStateException("a frame is not a JSON object: " + e.getMessage(), e));
          return;
        }
        frames.handle(frame);
      }
    });
    return parser;
  }
}
