package cn.futian.jufu.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.futian.jufu.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The database itself refuses to change audit rows; only the retention purge deletes old ones. */
@QuarkusTest
class AuditAppendOnlyTest {

  private static long insert(String age) {
    Db.update(
        "insert into audit_log (at, action, outcome, detail) values (now() - cast(? as interval),"
            + " 'test.row', 'ALLOWED', '{\"test\": true}')",
        age);
    return Db.count("select max(id) from audit_log where action = 'test.row'");
  }

  private static long rows(long id) {
    return Db.count("select count(*) from audit_log where id = ?", id);
  }

  /** A DELETE in a transaction that switched the purge on, as the retention job will. */
  private static void purge(long id) {
    Db.update(
        "do $$ begin set local fulian.audit_purge = 'on'; delete from audit_log where id = "
            + id
            + "; end $$");
  }

  @Test
  void updatesAndDeletesAreRefused() {
    long id = insert("0 seconds");
    assertThatThrownBy(() -> Db.update("update audit_log set outcome = 'REFUSED' where id = ?", id))
        .hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> Db.update("update audit_log set detail = null"))
        .hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> Db.update("delete from audit_log where id = ?", id))
        .hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> Db.update("truncate audit_log"))
        .hasStackTraceContaining("append-only");
    assertThat(rows(id)).isEqualTo(1);
    assertThat(Db.count("select count(*) from audit_log where id = ? and outcome = 'ALLOWED'", id))
        .isEqualTo(1);
  }

  @Test
  void thePurgeDeletesOnlyRowsOlderThanAYear() {
    long fresh = insert("0 seconds");
    long recent = insert("11 months");
    long old = insert("2 years");
    assertThatThrownBy(() -> purge(fresh)).hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> purge(recent)).hasStackTraceContaining("append-only");
    // Without the switch an old row stays too.
    assertThatThrownBy(() -> Db.update("delete from audit_log where id = ?", old))
        .hasStackTraceContaining("append-only");
    assertThat(rows(fresh) + rows(recent) + rows(old)).isEqualTo(3);

    purge(old);
    assertThat(rows(old)).isZero();
    // The switch ended with its transaction.
    assertThatThrownBy(() -> Db.update("delete from audit_log where id = ?", recent))
        .hasStackTraceContaining("append-only");
    assertThat(rows(fresh) + rows(recent)).isEqualTo(2);
  }
}
