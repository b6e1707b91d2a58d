package io.lakeport.schema;

import io.vertx.core.json.JsonObject;

/**
 * One column of a source table as it lands in the lake.
 *
 * @param name       the name in the source
 * @param lakeName   the JSON key and engine column name: lower case, no dots, unique in the table
 *                   case-insensitively (Athena lowercases keys), see {@link LakeNames}
 * @param type       the lake type decided from the source type
 * @param nullable   whether the source allows NULL
 * @param sourceType the source's own type name, kept for documentation and warnings
 */
public record Column(String name, String lakeName, LakeType type, boolean nullable, String sourceType) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("lakeName", lakeName)
        .put("type", type.sql())
        .put("nullable", nullable)
        .put("sourceType", sourceType);
  }

  public static Column fromJson(JsonObject json) {
    return new Column(json.getString("name"), json.getString("lakeName"), LakeType.parse(json.getString("type")),
        json.getBoolean("nullable", true), json.getString("sourceType"));
  }
}
