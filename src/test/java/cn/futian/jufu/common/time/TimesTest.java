package cn.futian.jufu.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins what the drivers return for {@code timestamptz} and that SQL and Java agree on the
 * district's day: instants just before and after midnight in Shanghai (16:00 UTC) and in UTC (08:00
 * in Shanghai) are written to a table and read back both ways the service reads rows.
 */
@QuarkusTest
class TimesTest {

  static final List<Instant> AROUND_MIDNIGHT =
      List.of(
          Instant.parse("2026-02-28T15:59:59.999999Z"), // 23:59:59.999999 on 28 Feb in Shanghai
          Instant.parse("2026-02-28T16:00:00Z"), // 00:00 on 1 Mar in Shanghai
          Instant.parse("2026-12-31T23:59:59.999999Z"), // 07:59 on 1 Jan in Shanghai
          Instant.parse("2027-01-01T00:00:00Z")); // midnight in UTC, 08:00 in Shanghai

  @Inject Pool pool;

  @Test
  void theReactivePoolReturnsOffsetDateTimeAtUtc() throws Throwable {
    for (Instant instant : AROUND_MIDNIGHT) {
      Row row =
          VertxContextSupport.subscribeAndAwait(
              () ->
                  pool.withTransaction(
                      c ->
                          c.query("create temp table times_probe (at timestamptz) on commit drop")
                              .execute()
                              .chain(
                                  () ->
                                      c.preparedQuery("insert into times_probe values ($1)")
                                          .execute(Tuple.of(instant.atOffset(ZoneOffset.UTC))))
                              .chain(
                                  () ->
                                      c.query(
                                              "select at, cast(at at time zone 'Asia/Shanghai' as"
                                                  + " date) as day from times_probe")
                                          .execute())
                              .map(rows -> rows.iterator().next())));
      Object value = row.getValue("at");
      assertThat(value).isInstanceOf(OffsetDateTime.class);
      assertThat(((OffsetDateTime) value).getOffset()).isEqualTo(ZoneOffset.UTC);
      assertThat(Times.timestamp(value).toInstant()).isEqualTo(instant);
      assertThat(row.getLocalDate("day")).isEqualTo(LocalDate.ofInstant(instant, Times.ZONE));
    }
  }

  @Test
  void nativeQueriesReturnOffsetDateTimeAtUtc() throws Throwable {
    for (Instant instant : AROUND_MIDNIGHT) {
      Object value =
          VertxContextSupport.subscribeAndAwait(
              () ->
                  Panache.withSession(
                      () ->
                          Panache.getSession()
                              .chain(
                                  s ->
                                      s.createNativeQuery(
                                              "select cast(cast(:at as text) as timestamptz)",
                                              Object.class)
                                          .setParameter("at", instant.toString())
                                          .getSingleResult())));
      assertThat(value).isInstanceOf(OffsetDateTime.class);
      assertThat(Times.timestamp(value).toInstant()).isEqualTo(instant);
    }
  }

  @Test
  void aValueWithoutAnOffsetIsRefusedNotGuessed() {
    assertThat(Times.timestamp(null)).isNull();
    assertThat(Times.timestamp(Instant.EPOCH)).isEqualTo(OffsetDateTime.parse("1970-01-01T00:00Z"));
    assertThatThrownBy(() -> Times.timestamp(LocalDateTime.of(2026, 3, 1, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
