package io.lakeport.query;

/** A result column with the engine's type name (e.g. {@code decimal(12,2)}, {@code varchar}). */
public record ResultColumn(String name, String type) {
}
