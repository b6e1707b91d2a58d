package io.lakeport.lake;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * Writes one non-null source value of one column in the lake format. Built per reader for one column, with
 * the reader's {@link ValueWarnings}, so a writer that has to map a value (zero date, NaN) reports it there.
 */
@FunctionalInterface
public interface ValueWriter {

  void write(JsonGenerator out, Object value) throws IOException;
}
