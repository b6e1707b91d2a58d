package io.lakeport.source;

/** A failure while reading a source (discovering its tables, or reading one); the message names what, then the cause. */
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
