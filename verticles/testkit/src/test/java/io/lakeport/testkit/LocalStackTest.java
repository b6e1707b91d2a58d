package io.lakeport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalStackTest {

  @Test
  void uniqueNamesAreValidBucketNamesAndDoNotRepeat() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      names.add(LocalStack.uniqueName("Lake Writer_IT!"));
    }
    assertThat(names).hasSize(1000).allSatisfy(name -> {
      assertThat(name).startsWith("lp-lake-writer-it-").matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
      assertThat(name.length()).isLessThanOrEqualTo(40);
    });
  }

  @Test
  void longPurposesAreCutAndSqlNamesHaveNoHyphen() {
    String name = LocalStack.uniqueSqlName("a-very-long-purpose-that-goes-on-and-on");
    assertThat(name).startsWith("lp_a_very_long_purpose_").matches("[a-z0-9_]+");
    assertThat(name.length()).isLessThanOrEqualTo(40);
  }

  @Test
  void jdbcUrlsNameTheDatabase() {
    assertThat(LocalStack.POSTGRES.jdbcUrl("ms2")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/ms2");
    assertThat(LocalStack.MARIADB.jdbcUrl("ms1")).isEqualTo("jdbc:mariadb://127.0.0.1:3306/ms1");
  }

  @Test
  void findsTheRepositoryRootFromTheWorkingDirectory() {
    String saved = System.getProperty("lakeport.home");
    System.clearProperty("lakeport.home");
    try {
      assertThat(LocalStack.repositoryRoot().resolve("scripts/local-stack")).isRegularFile();
    } finally {
      if (saved != null) {
        System.setProperty("lakeport.home", saved);
      }
    }
  }
}
