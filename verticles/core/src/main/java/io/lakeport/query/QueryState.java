package io.lakeport.query;

/** The lifecycle both engines share (Trino's states are folded onto Athena's). */
public enum QueryState {
  QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

  public boolean done() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
