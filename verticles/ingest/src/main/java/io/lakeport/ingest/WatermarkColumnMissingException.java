package io.lakeport.ingest;

/**
 * An incremental run of a table for which the source names no watermark column: the run cannot know where
 * the last one stopped.
 */
public final class WatermarkColumnMissingException extends TableSettingMissingException {

  WatermarkColumnMissingException(String source, String table) {
    super("an incremental run needs a watermark column", source, "watermarks", table);
  }
}
