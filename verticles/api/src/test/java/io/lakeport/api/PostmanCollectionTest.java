package io.lakeport.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** postman/Lakeport.postman_collection.json and openapi.yaml must describe the same API. */
@ExtendWith(VertxExtension.class)
class PostmanCollectionTest {

  private record Request(String name, HttpMethod method, String path, Set<String> query) {
  }

  @Test
  void everyOperationHasARequestAndEveryRequestAnOperation(Vertx vertx) throws Exception {
    ApiContract contract = ApiContract.load(vertx).await(30, TimeUnit.SECONDS);
    JsonObject collection = new JsonObject(Files.readString(
        RepositoryFiles.root().resolve("postman/Lakeport.postman_collection.json")));
    List<Request> requests = new ArrayList<>();
    collect(collection.getJsonArray("item"), requests);
    assertThat(requests).isNotEmpty();

    Set<String> covered = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (Request request : requests) {
      Operation operation = contract.contract().findOperation(request.path(), request.method());
      if (operation == null) {
        problems.add(request.name() + ": " + request.method() + " " + request.path() + " is not in the contract");
        continue;
      }
      covered.add(operation.getOperationId());
      Set<String> declared = operation.getParameters().stream()
          .filter(p -> p.getIn() == io.vertx.openapi.contract.Location.QUERY)
          .map(Parameter::getName).collect(Collectors.toSet());
      for (String name : request.query()) {
        if (!declared.contains(name)) {
          problems.add(request.name() + ": query parameter " + name + " is not declared by " + operation.getOperationId());
        }
      }
    }
    Set<String> all = contract.contract().operations().stream().map(Operation::getOperationId)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> missing = new TreeSet<>(all);
    missing.removeAll(covered);
    assertThat(problems).as("requests that disagree with the contract").isEmpty();
    assertThat(missing).as("operations without a request in the collection").isEmpty();
  }

  private static void collect(JsonArray items, List<Request> out) {
    for (Object entry : items) {
      JsonObject item = (JsonObject) entry;
      if (item.containsKey("item")) {
        collect(item.getJsonArray("item"), out);
        continue;
      }
      JsonObject request = item.getJsonObject("request");
      JsonObject url = request.getJsonObject("url");
      // {{variables}} stand for one path segment each, which is what a path parameter matches.
      String path = "/" + url.getJsonArray("path").stream().map(String::valueOf)
          .map(segment -> segment.replaceAll("\\{\\{[^}]+}}", "x"))
          .collect(Collectors.joining("/"));
      Set<String> query = url.getJsonArray("query", new JsonArray()).stream()
          .map(q -> ((JsonObject) q).getString("key")).collect(Collectors.toSet());
      out.add(new Request(item.getString("name"), HttpMethod.valueOf(request.getString("method")), path, query));
    }
  }
}
