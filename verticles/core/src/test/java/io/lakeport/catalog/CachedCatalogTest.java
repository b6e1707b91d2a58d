package io.lakeport.catalog;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's kept list of published tables: reused for a while, one read at a time, dropped on a commit. */
class CachedCatalogTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  /** Each read of the underlying catalog, answered when the test says. */
  private final List<Promise<List<CatalogTable>>> reads = new ArrayList<>();
  private final Catalog engine = new Catalog() {
    @Override
    public Future<Void> publish(CommittedTable table) {
      return Future.succeededFuture();
    }

    @Override
    public Future<List<CatalogTable>> tables() {
      Promise<List<CatalogTable>> read = Promise.promise();
      reads.add(read);
      return read.future();
    }
  };
  private final CachedCatalog cached = new CachedCatalog(engine, now::get);

  private static List<CatalogTable> tables(String... names) {
    return java.util.Arrays.stream(names).map(n -> new CatalogTable(n, List.of(), null)).toList();
  }

  @Test
  void callersMeanwhileShareOneReadAndTheListIsKeptForItsTimeToLive() {
    Future<List<CatalogTable>> first = cached.tables();
    Future<List<CatalogTable>> second = cached.tables();
    assertThat(reads).as("one read for both").hasSize(1);
    reads.getFirst().complete(tables("a"));
    assertThat(first.result()).extracting(CatalogTable::name).containsExactly("a");
    assertThat(second.result()).extracting(CatalogTable::name).containsExactly("a");
    now.addAndGet(CachedCatalog.TTL_MILLIS - 1);
    assertThat(cached.tables().result()).extracting(CatalogTable::name).containsExactly("a");
    assertThat(reads).hasSize(1);
    now.addAndGet(1);
    cached.tables();
    assertThat(reads).as("read again once the list is older than its time to live").hasSize(2);
  }

  @Test
  void aCommitOrAFreshLookupReadsAgainAndAReadBegunBeforeACommitIsNotKept() {
    cached.tables();
    reads.getFirst().complete(tables("a"));
    Future<List<CatalogTable>> fresh = cached.freshTables();
    assertThat(reads).hasSize(2);
    cached.invalidate();
    reads.get(1).complete(tables("a"));
    assertThat(fresh.result()).extracting(CatalogTable::name).containsExactly("a");
    cached.tables();
    assertThat(reads).as("the read begun before the commit did not refill the list").hasSize(3);
    reads.get(2).complete(tables("a", "b"));
    assertThat(cached.tables().result()).extracting(CatalogTable::name).containsExactly("a", "b");
    cached.publish(null);
    cached.tables();
    assertThat(reads).as("publishing drops the list too").hasSize(4);
  }

  @Test
  void aFailedReadIsNotKept() {
    Future<List<CatalogTable>> failed = cached.tables();
    reads.getFirst().fail("engine down");
    assertThat(failed.failed()).isTrue();
    cached.tables();
    assertThat(reads).hasSize(2);
  }
}
