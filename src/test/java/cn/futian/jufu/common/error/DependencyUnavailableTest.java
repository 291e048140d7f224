package cn.futian.jufu.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures become 503 + Retry-After rather than 500 (a restart or failover mid-request). */
class DependencyUnavailableTest {

  @Test
  void aDroppedOrRefusedConnectionIsUnavailable() {
    assertThat(ProblemMapper.dependencyUnavailable(new ConnectException("refused"))).isTrue();
    assertThat(
            ProblemMapper.dependencyUnavailable(
                new IllegalStateException(
                    "wrapped",
                    new PgException(
                        "terminating connection due to administrator command",
                        "FATAL",
                        "57P01",
                        null))))
        .isTrue();
    assertThat(
            ProblemMapper.dependencyUnavailable(
                new RuntimeException(
                    new SQLException("the database system is starting up", "57P03"))))
        .isTrue();
    assertThat(ProblemMapper.dependencyUnavailable(new SQLException("connection failure", "08006")))
        .isTrue();
    assertThat(
            ProblemMapper.dependencyUnavailable(
                io.vertx.sqlclient.ClosedConnectionException.INSTANCE))
        .isTrue();
  }

  @Test
  void aResetSocketReportedWithItsFailedRollbackIsUnavailable() {
    assertThat(
            ProblemMapper.dependencyUnavailable(
                new io.smallrye.mutiny.CompositeException(
                    new java.net.SocketException("Connection reset"),
                    new IllegalStateException("HR000090: Live transaction detected"))))
        .isTrue();
    assertThat(
            ProblemMapper.dependencyUnavailable(
                new io.smallrye.mutiny.CompositeException(
                    new io.vertx.core.impl.NoStackTraceThrowable(
                        "Connection is not active now, current status: CLOSED"),
                    new IllegalStateException("HR000090: Live transaction detected"))))
        .isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(ProblemMapper.dependencyUnavailable(new IllegalStateException("bug"))).isFalse();
    assertThat(
            ProblemMapper.dependencyUnavailable(
                new PgException("duplicate key", "ERROR", "23505", null)))
        .isFalse();
    assertThat(ProblemMapper.dependencyUnavailable(new SQLException("syntax error", "42601")))
        .isFalse();
  }
}
