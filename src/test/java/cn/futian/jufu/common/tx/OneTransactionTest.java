package cn.futian.jufu.common.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import org.junit.jupiter.api.Test;

/**
 * The premise of every service method: the statements of one {@code Panache.withTransaction} run in
 * one PostgreSQL transaction, on one connection (a transaction-local setting, the transaction id
 * and a row written earlier are all visible to a later statement).
 */
@QuarkusTest
class OneTransactionTest {

  @Test
  void statementsOfOneTransactionShareIt() throws Throwable {
    String[] seen = new String[3];
    VertxContextSupport.subscribeAndAwait(
        () ->
            Panache.withTransaction(
                () ->
                    Panache.getSession()
                        .chain(
                            s ->
                                s.createNativeQuery(
                                        "select set_config('fulian.tx_probe', 'on', true)",
                                        String.class)
                                    .getSingleResult()
                                    .chain(
                                        () ->
                                            s.createNativeQuery(
                                                    "select coalesce(current_setting('fulian.tx_probe',"
                                                        + " true), 'unset')",
                                                    String.class)
                                                .getSingleResult())
                                    .invoke(v -> seen[0] = v)
                                    .chain(
                                        () ->
                                            s.createNativeQuery(
                                                    "select cast(txid_current() as text)",
                                                    String.class)
                                                .getSingleResult())
                                    .invoke(v -> seen[1] = v)
                                    .chain(
                                        () ->
                                            s.createNativeQuery(
                                                    "select cast(txid_current() as text)",
                                                    String.class)
                                                .getSingleResult())
                                    .invoke(v -> seen[2] = v))));
    assertThat(seen[0]).isEqualTo("on");
    assertThat(seen[1]).isEqualTo(seen[2]);
  }
}
