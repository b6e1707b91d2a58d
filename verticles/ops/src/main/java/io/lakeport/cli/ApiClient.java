package io.lakeport.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A client of Lakeport's REST API for the command-line tools: JSON requests with the {@code X-API-Key}
 * header, and the server-sent events of a run. Blocking (the tools call it from their main thread, never
 * from an event loop). Failures are {@link ApiException}s carrying the HTTP status and the problem's
 * detail.
 */
final class ApiClient {

  private final HttpClient http;
  private final URI base;
  private final String apiKey;
  private final Duration timeout;

  ApiClient(URI base, String apiKey, Duration timeout) {
    this.base = base;
    this.apiKey = apiKey;
    this.timeout = timeout;
    // HTTP/1.1 from the first request: the JDK's default asks for an h2c upgrade, which is what Lakeport's
    // servers refuse (HttpServerDefaults) and other servers may get wrong.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  URI base() {
    return base;
  }

  JsonObject get(String path) throws InterruptedException {
    return json(send(request(path).GET().timeout(timeout).build()));
  }

  JsonObject post(String path, JsonObject body) throws InterruptedException {
    return json(send(request(path).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build()));
  }

  void delete(String path) throws InterruptedException {
    send(request(path).DELETE().timeout(timeout).build());
  }

  /**
   * Reads the {@code text/event-stream} at {@code path} and hands each event's {@code data} to
   * {@code onEvent}, until the server ends the stream. No read timeout: a long table may send nothing but
   * the server's keep-alive comments for a while.
   */
  void events(String path, Consumer<JsonObject> onEvent) throws InterruptedException {
    HttpResponse<InputStream> response = send(request(path).GET().header("Accept", "text/event-stream").build());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      StringBuilder data = new StringBuilder();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            onEvent.accept(new JsonObject(data.toString()));
            data.setLength(0);
          }
        } else if (line.startsWith("data:")) {
          data.append(line.substring(line.charAt(5) == ' ' ? 6 : 5));
        }
      }
    } catch (IOException e) {
      throw new ApiException(0, "the event stream from the API at " + base + " broke off: " + describe(e));
    } catch (DecodeException e) {
      throw new ApiException(0, "the API at " + base + " sent an event that is not JSON: " + e.getMessage());
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
    if (apiKey != null) {
      builder.header("X-API-Key", apiKey);
    }
    return builder;
  }

  private HttpResponse<InputStream> send(HttpRequest request) throws InterruptedException {
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new ApiException(0, "no answer from the API at " + base + " within " + timeout.toSeconds() + " s");
    } catch (ConnectException e) {
      throw new ApiException(0, "cannot reach the Lakeport API at " + base + ": " + describe(e));
    } catch (IOException e) {
      throw new ApiException(0, "request to the Lakeport API at " + base + " failed: " + describe(e));
    }
    if (response.statusCode() >= 400) {
      throw new ApiException(response.statusCode(), problem(response));
    }
    return response;
  }

  private JsonObject json(HttpResponse<InputStream> response) {
    try (InputStream body = response.body()) {
      String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      return text.isBlank() ? new JsonObject() : new JsonObject(text);
    } catch (IOException e) {
      throw new ApiException(0, "reading the answer of the API at " + base + " failed: " + describe(e));
    } catch (DecodeException e) {
      throw new ApiException(response.statusCode(), "the API at " + base + " answered something that is not JSON");
    }
  }

  /** The problem+json detail (or title) of an error answer, else the status line. */
  private String problem(HttpResponse<InputStream> response) {
    String text;
    try (InputStream body = response.body()) {
      text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    try {
      JsonObject problem = new JsonObject(text);
      String detail = problem.getString("detail", problem.getString("title"));
      if (detail != null) {
        return detail;
      }
    } catch (DecodeException | ClassCastException e) {
      // not problem+json: the status says it
    }
    return "HTTP " + response.statusCode() + " from " + response.request().uri();
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The API refused a request ({@link #status} 4xx/5xx) or could not be reached ({@link #status} 0). */
  static final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }
}
