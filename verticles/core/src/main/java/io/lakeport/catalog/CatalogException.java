package io.lakeport.catalog;

/** A table could not be published: which one, which snapshot, and the engine's reason (the cause). */
public final class CatalogException extends RuntimeException {

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
