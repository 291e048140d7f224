package cn.futian.jufu.privacy;

import cn.futian.jufu.common.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Disables the Keycloak logins of deleted accounts that Keycloak could not take at the time of the
 * deletion ({@code fulian.account-deletion.retry-every}); safe on every instance at once (each
 * claims its rows with SKIP LOCKED).
 */
@ApplicationScoped
class AccountDeletionJob {

  private static final Logger LOG = Logger.getLogger(AccountDeletionJob.class);
  private final AccountService accounts;

  AccountDeletionJob(AccountService accounts) {
    this.accounts = accounts;
  }

  @Scheduled(
      every = "${fulian.account-deletion.retry-every:1m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    return JobRuns.retriedNextRun(
            LOG,
            "Account deletion retry",
            accounts
                .retryPendingLogins()
                .invoke(
                    n -> {
                      if (n > 0) {
                        LOG.infof("account deletion: %d Keycloak login(s) disabled on retry", n);
                      }
                    }))
        .replaceWithVoid();
  }
}
