package io.lakeport.ingest;

/**
 * A run, or one of its tables, stopped before its commit: a client cancelled it or the process is stopping.
 * Nothing of the stopped table is committed.
 */
public final class RunCancelledException extends RuntimeException {

  RunCancelledException(String reason) {
    super(reason);
  }
}
