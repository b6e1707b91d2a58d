package io.lakeport.source;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lakeport.config.LakeportConfig.IngestConfig;
import io.lakeport.config.LakeportConfig.SourceConfig;
import io.lakeport.lake.ValueWarnings;
import io.lakeport.lake.ValueWriter;
import io.lakeport.lake.ValueWriters;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeNames;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MongoDB through vertx-mongo-client. A collection has no declared schema, so discovery infers one from a
 * sample of documents ({@code sampleSize}: half from the start of the natural order, half the newest by
 * {@code _id}, where new fields usually appear) with {@link MongoShape}; documents stream through
 * {@code findBatch} with the fetch size as the cursor batch size.
 */
final class MongoSource implements Source {

  private final Vertx vertx;
  private final SourceConfig config;
  private final IngestConfig ingest;
  private final int sampleSize;
  private final MongoClient client;

  MongoSource(Vertx vertx, SourceConfig config, IngestConfig ingest, int sampleSize) {
    this.vertx = vertx;
    this.config = config;
    this.ingest = ingest;
    this.sampleSize = sampleSize;
    this.client = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", config.uri())
        .put("db_name", config.database()));
  }

  @Override
  public Future<List<TableSchema>> discover(List<String> tables) {
    return Contexts.on(vertx, () -> client.getCollections().compose(collections -> {
      List<String> available = collections.stream().filter(c -> !c.startsWith("system.")).toList();
      List<String> names = Discovery.select(config, "database '" + config.database() + "'", available, tables);
      Future<List<TableSchema>> all = Future.succeededFuture(new ArrayList<>());
      for (String name : names) {
        all = all.compose(list -> infer(name).map(schema -> {
          list.add(schema);
          return list;
        }));
      }
      return all;
    }));
  }

  private Future<TableSchema> infer(String collection) {
    int first = (sampleSize + 1) / 2;
    int last = sampleSize / 2;
    Future<List<JsonObject>> head = client.findWithOptions(collection, new JsonObject(), new FindOptions().setLimit(first));
    Future<List<JsonObject>> tail = last == 0 ? Future.succeededFuture(List.of())
        : client.findWithOptions(collection, new JsonObject(),
            new FindOptions().setLimit(last).setSort(new JsonObject().put("_id", -1)));
    return head.compose(h -> tail.map(t -> {
      MongoShape shape = new MongoShape.Doc(new LinkedHashMap<>());
      for (JsonObject doc : h) {
        shape = MongoShape.merge(shape, MongoShape.of(doc));
      }
      for (JsonObject doc : t) {
        shape = MongoShape.merge(shape, MongoShape.of(doc));
      }
      return schema(collection, ((MongoShape.Doc) shape).fields(), h.size() + t.size());
    }));
  }

  private TableSchema schema(String collection, Map<String, MongoShape> fields, int sampled) {
    Map<String, MongoShape> ordered = new LinkedHashMap<>();
    if (fields.containsKey("_id")) {
      ordered.put("_id", fields.get("_id"));
    }
    ordered.putAll(fields);
    LakeNames lakeNames = new LakeNames();
    List<String> warnings = new ArrayList<>();
    List<Column> columns = new ArrayList<>();
    String idLakeName = null;
    for (Map.Entry<String, MongoShape> e : ordered.entrySet()) {
      String name = e.getKey();
      LakeType type = MongoShape.lakeType(e.getValue(), name, warnings);
      String lakeName = lakeNames.assign(name);
      if (name.equals("_id")) {
        idLakeName = lakeName;
      }
      columns.add(new Column(name, lakeName, type, !name.equals("_id"), MongoShape.describe(e.getValue())));
    }
    warnings.addAll(0, lakeNames.warnings());
    if (sampled == 0) {
      warnings.add("collection is empty: no fields to infer a schema from");
    }
    return new TableSchema(config.name(), collection, columns, idLakeName == null ? List.of() : List.of(idLakeName),
        warnings);
  }

  @Override
  public Future<TableReader> open(TableSchema table, String watermarkColumn, String watermarkAfter) {
    Context context = vertx.getOrCreateContext();
    return Contexts.on(context, () -> {
      Column watermark = Discovery.watermarkColumn(config, table, watermarkColumn);
      ValueWarnings warnings = new ValueWarnings(table.table());
      List<ValueWriter> writers = new ArrayList<>();
      for (Column column : table.columns()) {
        writers.add(MongoValues.writer(column.type(), MongoShape.parseDescription(column.sourceType()),
            column.lakeName(), warnings));
      }
      JsonObject query = new JsonObject();
      FindOptions options = new FindOptions().setBatchSize(ingest.fetchSize());
      if (watermark != null) {
        if (watermarkAfter != null) {
          query.put(watermark.name(), new JsonObject().put("$gt",
              MongoValues.watermarkParameter(watermark.sourceType(), watermarkAfter)));
        }
        options.setSort(new JsonObject().put(watermark.name(), 1));
      }
      ReadStream<JsonObject> stream = client.findBatchWithOptions(table.table(), query, options);
      MongoTableReader reader = new MongoTableReader(context, Discovery.describe(config, table.table()), warnings,
          ingest.chunkBytes(), table.columns(), writers, watermark == null ? null : watermark.name(), stream);
      return Future.succeededFuture(reader);
    });
  }

  /**
   * The collection's document count from its metadata: the {@code count} command without a filter, which
   * is what the drivers' {@code estimatedDocumentCount} sends (vertx-mongo-client has no such method).
   */
  @Override
  public Future<Long> estimateRows(TableSchema table) {
    return Contexts.on(vertx, () -> client.runCommand("count", new JsonObject().put("count", table.table()))
        .map(reply -> {
          Number n = reply == null ? null : (Number) reply.getValue("n");
          return n == null || n.longValue() < 0 ? UNKNOWN_ROWS : n.longValue();
        }));
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  /** Documents of one collection in the lake format; fields outside the sampled schema are counted, not kept. */
  static final class MongoTableReader extends ChunkedReader<JsonObject> {
    private final List<Column> columns;
    private final List<ValueWriter> writers;
    private final Set<String> known = new HashSet<>();
    private final String watermarkField;
    private final ReadStream<JsonObject> stream;

    MongoTableReader(Context context, String description, ValueWarnings warnings, int chunkBytes, List<Column> columns,
                     List<ValueWriter> writers, String watermarkField, ReadStream<JsonObject> stream) {
      super(context, description, warnings, chunkBytes);
      this.columns = columns;
      this.writers = writers;
      this.watermarkField = watermarkField;
      this.stream = stream;
      columns.forEach(c -> known.add(c.name()));
      start(stream);
    }

    @Override
    protected void writeFields(JsonGenerator out, JsonObject doc) throws IOException {
      for (int i = 0; i < columns.size(); i++) {
        out.writeFieldName(columns.get(i).lakeName());
        ValueWriters.writeNullable(out, writers.get(i), doc.getValue(columns.get(i).name()));
      }
      MongoValues.reportUnknown(doc, known, "", warnings);
    }

    @Override
    protected Object watermarkOf(JsonObject doc) {
      return watermarkField == null ? null : doc.getValue(watermarkField);
    }

    @Override
    protected String watermarkText(Object value) {
      return MongoValues.watermarkText(value);
    }

    @Override
    protected Future<Void> releaseResources() {
      // Dropping the handler cancels the subscription, which closes the server cursor.
      stream.handler(null);
      return Future.succeededFuture();
    }
  }
}
