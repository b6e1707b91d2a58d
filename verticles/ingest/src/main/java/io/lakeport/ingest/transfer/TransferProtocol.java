package io.lakeport.ingest.transfer;

import io.vertx.core.eventbus.DeliveryOptions;

import java.util.UUID;

/**
 * The private protocol of one transfer of a table between a {@link ChunkSender} (source side) and a
 * {@link ChunkReceiver} (lake writer side). Two addresses per transfer:
 *
 * <ul>
 *   <li>{@code {transfer}.data}, to the receiver: {@code chunk} (a Buffer of whole JSON lines),
 *   {@code end} (a {@link TransferEnd} as JSON, answered once received) or {@code fail} (the source's error
 *   message).</li>
 *   <li>{@code {transfer}.control}, to the sender: {@code credit} (how many more chunks it may send; the
 *   first grant carries the {@code window} header) or {@code abort} (the writer's error message).</li>
 * </ul>
 *
 * The kind of a message is its {@value #KIND} header. The bus keeps the order of messages from one sender
 * to one consumer, so {@code end} never overtakes a chunk.
 */
public final class TransferProtocol {

  static final String KIND = "lakeport-transfer";
  static final String WINDOW = "window";
  static final String CHUNK = "chunk";
  static final String END = "end";
  static final String FAIL = "fail";
  static final String CREDIT = "credit";
  static final String ABORT = "abort";

  private TransferProtocol() {
  }

  /** A fresh private address for one transfer. */
  public static String newTransferAddress() {
    return "lakeport.transfer." + UUID.randomUUID();
  }

  static String dataAddress(String transfer) {
    return transfer + ".data";
  }

  static String controlAddress(String transfer) {
    return transfer + ".control";
  }

  static DeliveryOptions kind(String kind) {
    return new DeliveryOptions().addHeader(KIND, kind);
  }
}
