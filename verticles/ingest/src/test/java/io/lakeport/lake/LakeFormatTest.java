package io.lakeport.lake;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The lake's text of dates and timestamps, written digit by digit, is exactly what its formatters write. */
class LakeFormatTest {

  @Test
  void timestampsAndDatesAreWhatTheFormattersWriteAcrossTheLakesYears() {
    SplittableRandom random = new SplittableRandom(16);
    long first = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(java.time.ZoneOffset.UTC);
    long last = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(java.time.ZoneOffset.UTC);
    for (int i = 0; i < 100_000; i++) {
      LocalDateTime value = LocalDateTime.ofEpochSecond(random.nextLong(first, last + 1), random.nextInt(1_000_000_000),
          java.time.ZoneOffset.UTC);
      assertThat(LakeFormat.timestamp(value)).as(value.toString()).isEqualTo(LakeFormat.TIMESTAMP.format(value));
      assertThat(LakeFormat.date(value.toLocalDate())).isEqualTo(LakeFormat.DATE.format(value.toLocalDate()));
    }
    assertThat(LakeFormat.timestamp(LocalDateTime.of(2024, 3, 10, 2, 30, 0, 123_456_789)))
        .as("the fraction is truncated to microseconds").isEqualTo("2024-03-10 02:30:00.123456");
    assertThat(LakeFormat.timestamp(LocalDateTime.of(1, 1, 1, 0, 0))).isEqualTo("0001-01-01 00:00:00.000000");
  }

  @Test
  void yearsOutsideOneToNineThousandNineHundredNinetyNineHaveNoLakeText() {
    assertThat(LakeFormat.timestamp(LocalDateTime.of(0, 12, 31, 23, 59))).isNull();
    assertThat(LakeFormat.timestamp(LocalDateTime.of(10_000, 1, 1, 0, 0))).isNull();
    assertThat(LakeFormat.date(LocalDate.of(-1, 1, 1))).isNull();
    assertThat(LakeFormat.date(LocalDate.of(10_000, 1, 1))).isNull();
  }
}
