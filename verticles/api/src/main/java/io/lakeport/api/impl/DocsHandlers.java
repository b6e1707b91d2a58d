package io.lakeport.api.impl;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code /openapi.yaml} (the contract as written) and Swagger UI at {@code /docs/} from the
 * {@code org.webjars:swagger-ui} jar, pointed at {@code /openapi.yaml}. The UI's static files are the
 * only routes the contract does not declare.
 */
public final class DocsHandlers {

  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final String INITIALIZER = """
      window.onload = function () {
        window.ui = SwaggerUIBundle({
          url: "/openapi.yaml",
          dom_id: "#swagger-ui",
          deepLinking: true,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
          plugins: [SwaggerUIBundle.plugins.DownloadUrl],
          layout: "StandaloneLayout"
        });
      };
      """;

  private final String yaml;

  public DocsHandlers(String yaml) {
    this.yaml = yaml;
  }

  /** {@code GET /openapi.yaml}. */
  public Handler<RoutingContext> contract() {
    return rc -> rc.response().putHeader("Content-Type", "application/yaml").end(yaml);
  }

  /** Mounts Swagger UI under {@code /docs}. */
  public void mountSwaggerUi(Router router) {
    // Exactly /docs (a plain "/docs" route would also match "/docs/"): the UI's relative links need the slash.
    router.routeWithRegex(HttpMethod.GET, "^/docs$").handler(rc -> rc.redirect("/docs/"));
    router.get("/docs/swagger-initializer.js").handler(rc ->
        rc.response().putHeader("Content-Type", "application/javascript; charset=utf-8").end(INITIALIZER));
    router.get("/docs/*").handler(StaticHandler.create(WEBJAR + swaggerUiVersion())
        .setCachingEnabled(true)
        .setDirectoryListing(false));
  }

  /** The webjar's version, from its Maven metadata (its files live under a versioned folder). */
  static String swaggerUiVersion() {
    try (InputStream in = DocsHandlers.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("org.webjars:swagger-ui is not on the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
