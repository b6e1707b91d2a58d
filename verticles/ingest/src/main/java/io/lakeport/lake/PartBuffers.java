package io.lakeport.lake;

import java.util.ArrayDeque;

/**
 * The part-sized byte arrays of one writer, reused across parts and objects: at most
 * {@code partsInFlight + 1} exist (the uploading ones and the one being filled), which is the writer's
 * whole share of the memory bound.
 */
public final class PartBuffers {

  private final int partSize;
  private final int limit;
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  private int created;

  public PartBuffers(int partSize, int partsInFlight) {
    this.partSize = partSize;
    this.limit = partsInFlight + 1;
  }

  byte[] take() {
    byte[] buffer = free.poll();
    if (buffer != null) {
      return buffer;
    }
    if (created == limit) {
      throw new IllegalStateException("all " + limit + " part buffers are in use");
    }
    created++;
    return new byte[partSize];
  }

  void give(byte[] buffer) {
    free.push(buffer);
  }

  int partSize() {
    return partSize;
  }

  void clear() {
    free.clear();
  }
}
