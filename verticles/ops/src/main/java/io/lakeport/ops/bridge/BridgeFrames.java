package io.lakeport.ops.bridge;

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

  /** What a stream of frames holds, one call per frame. */
  public interface FrameHandler {
    /** A whole frame that is a JSON object; {@code encoded} is its bytes, length prefix included. */
    void frame(JsonObject frame, Buffer encoded);

    /** A whole frame that is not a JSON object; the stream goes on with the next frame. */
    void notJson(String reason);

    /** A frame announcing {@code length} bytes, not in 1..max: its bytes are not read, the parser stops. */
    void badLength(int length);
  }

  /**
   * A parser to set as a socket's handler: hands each whole frame to {@code frames}, however the bytes
   * arrive, and reports a malformed stream (bad length, bad JSON) to {@code errors}, after which it stops.
   */
  public static Handler<Buffer> decoder(Handler<JsonObject> frames, Handler<Throwable> errors) {
    boolean[] failed = {false};
    return parser(MAX_FRAME_BYTES, new FrameHandler() {
      @Override
      public void frame(JsonObject frame, Buffer encoded) {
        if (!failed[0]) {
          frames.handle(frame);
        }
      }

      @Override
      public void notJson(String reason) {
        if (!failed[0]) {
          failed[0] = true;
          errors.handle(new IllegalStateException("a frame is not a JSON object: " + reason));
        }
      }

      @Override
      public void badLength(int length) {
        failed[0] = true;
        errors.handle(new IllegalStateException("bad frame length " + length));
      }
    });
  }

  /**
   * The one frame parser: lengths outside 1..{@code maxFrameBytes} stop it before any of the frame's
   * bytes are buffered (a 2 GiB prefix costs nothing); a frame that is not JSON is reported and skipped.
   */
  public static Handler<Buffer> parser(int maxFrameBytes, FrameHandler handler) {
    RecordParser parser = RecordParser.newFixed(4);
    boolean[] readingLength = {true};
    boolean[] stopped = {false};
    int[] length = {0};
    parser.handler(record -> {
      if (stopped[0]) {
        return;
      }
      if (readingLength[0]) {
        length[0] = record.getInt(0);
        if (length[0] <= 0 || length[0] > maxFrameBytes) {
          stopped[0] = true;
          handler.badLength(length[0]);
          return;
        }
        readingLength[0] = false;
        parser.fixedSizeMode(length[0]);
      } else {
        readingLength[0] = true;
        parser.fixedSizeMode(4);
        JsonObject frame;
        try {
          frame = new JsonObject(record);
        } catch (DecodeException | ClassCastException e) {
          handler.notJson(e.getMessage());
          return;
        }
        handler.frame(frame, Buffer.buffer(record.length() + 4).appendInt(record.length()).appendBuffer(record));
      }
    });
    return parser;
  }
}
