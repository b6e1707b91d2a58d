package io.lakeport.source;

/** A failure while reading one table; the message names the source and the table, then the cause. */
public final class SourceReadException extends RuntimeException {

  public SourceReadException(String message, Throwable cause) {
    super(message, cause);
  }

  public SourceReadException(String message) {
    super(message);
  }

  static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
