package io.lakeport.query;

/**
 * A page was asked for whose rows are no longer kept: the result is larger than its {@link ResultSpool}'s
 * bound ({@code engine.resultSpoolMaxRows}), and the rows from {@link #offset()} on were let go as later
 * pages were read (GONE, HTTP 410). The pages from {@link #firstKept()} on can still be read; the rows
 * before it only by submitting the query again.
 */
public final class PageNotKeptException extends QueryException {

  private final long offset;
  private final long firstKept;
  private final int keptRows;

  /**
   * @param offset    the row the page asked for starts at (0 for the first)
   * @param firstKept the first row still kept
   * @param keptRows  the spool's bound: how many rows are kept at most
   */
  public PageNotKeptException(long offset, long firstKept, int keptRows) {
    super(Kind.GONE, "the page starting at row " + (offset + 1) + " is no longer kept: the result has more than "
        + keptRows + " rows, the most kept per query (engine.resultSpoolMaxRows), and only the pages from row "
        + (firstKept + 1) + " on can be read again; submit the query again to read it from the start");
    this.offset = offset;
    this.firstKept = firstKept;
    this.keptRows = keptRows;
  }

  /** The row (from 0) the refused page starts at. */
  public long offset() {
    return offset;
  }

  /** The first row (from 0) still kept. */
  public long firstKept() {
    return firstKept;
  }

  /** The most rows kept for the query. */
  public int keptRows() {
    return keptRows;
  }
}
