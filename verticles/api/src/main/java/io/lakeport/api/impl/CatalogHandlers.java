package io.lakeport.api.impl;

import io.lakeport.catalog.Catalog;
import io.lakeport.catalog.CatalogTable;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Comparator;

/** {@code GET /api/catalog/tables} and {@code GET /api/catalog/tables/{tableName}}. */
public final class CatalogHandlers {

  private final Catalog catalog;

  public CatalogHandlers(Catalog catalog) {
    this.catalog = catalog;
  }

  public Handler<RoutingContext> tables() {
    return rc -> catalog.tables()
        .onSuccess(tables -> {
          JsonArray out = new JsonArray();
          tables.stream().sorted(Comparator.comparing(CatalogTable::name)).forEach(t -> out.add(toJson(t)));
          Responses.ok(rc, new JsonObject().put("tables", out).put("count", out.size()));
        })
        .onFailure(e -> Responses.fail(rc, e));
  }

  public Handler<RoutingContext> table() {
    return rc -> {
      String name = Params.of(rc).string("tableName");
      catalog.tables()
          .onSuccess(tables -> tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst()
              .ifPresentOrElse(t -> Responses.ok(rc, toJson(t)),
                  () -> Problem.notFound("the catalog has no table named " + name).send(rc)))
          .onFailure(e -> Responses.fail(rc, e));
    };
  }

  static JsonObject toJson(CatalogTable table) {
    return new JsonObject()
        .put("name", table.name())
        .put("location", table.location())
        .put("primaryKey", new JsonArray(table.primaryKey()))
        .put("columns", Rows.columns(table.columns()));
  }
}
