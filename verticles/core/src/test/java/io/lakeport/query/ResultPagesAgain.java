package io.lakeport.query;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading an execution's results the way a client that goes back does, shared by the service's tests over
 * every engine: all pages in order to the last, then the first again (no token) and the second again (the
 * first page's token); both must answer what they answered the first time.
 */
public final class ResultPagesAgain {

  private ResultPagesAgain() {
  }

  /** The pages read in order; fails unless pages 1 and 2, read again after the last, are the same pages. */
  public static Future<List<ResultPage>> readAllThenAgain(QueryService service, String executionId, int limit) {
    List<ResultPage> pages = new ArrayList<>();
    return readOn(service, executionId, null, limit, pages)
        .compose(v -> service.results(executionId, null, limit))
        .compose(firstAgain -> {
          assertThat(firstAgain).as("page 1 after the last").isEqualTo(pages.getFirst());
          return pages.size() < 2 ? Future.succeededFuture(pages)
              : service.results(executionId, pages.getFirst().nextToken(), limit).map(secondAgain -> {
                assertThat(secondAgain).as("page 2 again").isEqualTo(pages.get(1));
                return pages;
              });
        });
  }

  private static Future<Void> readOn(QueryService service, String executionId, String token, int limit,
                                     List<ResultPage> pages) {
    return service.results(executionId, token, limit).compose(page -> {
      pages.add(page);
      return page.nextToken() == null ? Future.succeededFuture()
          : readOn(service, executionId, page.nextToken(), limit, pages);
    });
  }
}
