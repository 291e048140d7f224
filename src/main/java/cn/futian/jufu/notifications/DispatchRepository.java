package cn.futian.jufu.notifications;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements of pending pushes: claiming due ones with a lease, what they say, what was already
 * delivered, the attempts, and the end or the next try of each. Runs in the caller's transaction.
 */
@ApplicationScoped
class DispatchRepository {

  private static final String CLAIM =
      """
      with due as (
        select notification_id from notification_dispatch
        where next_attempt_at <= now()
        order by next_attempt_at
        limit :n
        for update skip locked
      )
      update notification_dispatch d
      set next_attempt_at = now() + make_interval(secs => :lease), attempts = d.attempts + 1
      from due where d.notification_id = due.notification_id
      returning d.notification_id, d.attempts
      """;

  private static final String DETAILS =
      """
      select n.id, n.member_id, n.category, n.title_zh, n.body_zh, n.title_en, n.body_en, n.link,
             n.urgent, coalesce(p.language, 'zh-CN'), n.type
      from notification n
      left join notification_preference p on p.member_id = n.member_id
      where n.id = any(cast(:ids as bigint[]))
      """;

  private static final String SENT =
      """
      select notification_id, target from delivery_attempt
      where notification_id = any(cast(:n as bigint[])) and outcome = 'SENT'
      """;

  private static final String INSERT_ATTEMPTS =
      """
      insert into delivery_attempt (notification_id, campaign_id, member_id, channel, target,
                                    outcome, error_code)
      select x.n, :c, x.m, x.ch, x.t, x.o, x.e
      from unnest(cast(:n as bigint[]), cast(:m as bigint[]), cast(:ch as varchar[]),
                  cast(:t as varchar[]), cast(:o as varchar[]), cast(:e as varchar[]))
           as x(n, m, ch, t, o, e)
      """;

  private static final String RETRY =
      """
      update notification_dispatch d
      set next_attempt_at = to_timestamp(x.at / 1000.0), last_error = x.why
      from unnest(cast(:ids as bigint[]), cast(:at as bigint[]), cast(:why as varchar[]))
           as x(id, at, why)
      where d.notification_id = x.id
      """;

  /** A claimed pending push and how many times it has now been tried. */
  record Due(long notificationId, int attempts) {}

  /** What a notification says, in the member's language if she chose one. */
  record Details(
      long id,
      long memberId,
      String category,
      String titleZh,
      String bodyZh,
      String titleEn,
      String bodyEn,
      String link,
      boolean urgent,
      String language,
      String type) {}

  /** One delivery attempt to record. */
  record AttemptRow(
      long notificationId,
      long memberId,
      String channel,
      String target,
      String outcome,
      String errorCode) {}

  /** A push to try again at {@code at}, after {@code why}. */
  record Retry(long notificationId, Instant at, String why) {}

  /** Claims up to {@code n} due pushes, leased for {@code lease}. */
  Uni<List<Due>> claim(int n, Duration lease) {
    return Sql.records(
        CLAIM,
        r -> new Due(SqlValues.number(r[0]), SqlValues.number(r[1]).intValue()),
        "n",
        n,
        "lease",
        (double) lease.toSeconds());
  }

  Uni<List<Details>> details(Collection<Long> ids) {
    return Sql.records(
        DETAILS,
        r ->
            new Details(
                SqlValues.number(r[0]),
                SqlValues.number(r[1]),
                (String) r[2],
                (String) r[3],
                (String) r[4],
                (String) r[5],
                (String) r[6],
                (String) r[7],
                Boolean.TRUE.equals(r[8]),
                (String) r[9],
                (String) r[10]),
        "ids",
        ids.toArray(new Long[0]));
  }

  /** notification id → keys of the targets that were already sent it. */
  Uni<Map<Long, Set<String>>> alreadySent(Collection<Long> notifications) {
    return Sql.rows(SENT, "n", notifications.toArray(new Long[0]))
        .map(
            rows -> {
              Map<Long, Set<String>> out = new HashMap<>();
              for (Object[] r : rows) {
                out.computeIfAbsent(SqlValues.number(r[0]), k -> new HashSet<>())
                    .add((String) r[1]);
              }
              return out;
            });
  }

  /** Records attempts, of a campaign's fan-out when {@code campaignId} is set. */
  Uni<Integer> insertAttempts(List<AttemptRow> rows, Long campaignId) {
    if (rows.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return Sql.update(
        INSERT_ATTEMPTS,
        "c",
        campaignId,
        "n",
        rows.stream().map(AttemptRow::notificationId).toArray(Long[]::new),
        "m",
        rows.stream().map(AttemptRow::memberId).toArray(Long[]::new),
        "ch",
        rows.stream().map(AttemptRow::channel).toArray(String[]::new),
        "t",
        rows.stream().map(AttemptRow::target).toArray(String[]::new),
        "o",
        rows.stream().map(AttemptRow::outcome).toArray(String[]::new),
        "e",
        rows.stream().map(AttemptRow::errorCode).toArray(String[]::new));
  }

  /** These pushes are over (delivered or given up): no more tries, the notification pushed. */
  Uni<Void> finish(List<Long> ids) {
    Long[] array = ids.toArray(new Long[0]);
    return Sql.update(
            "delete from notification_dispatch where notification_id = any(cast(:ids as bigint[]))",
            "ids",
            array)
        .chain(
            () ->
                Sql.update(
                    "update notification set pushed_at = now() where id = any(cast(:ids as"
                        + " bigint[]))",
                    "ids",
                    array))
        .replaceWithVoid();
  }

  Uni<Void> retryLater(List<Retry> retries) {
    if (retries.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return Sql.update(
            RETRY,
            "ids",
            retries.stream().map(Retry::notificationId).toArray(Long[]::new),
            "at",
            retries.stream().map(r -> r.at().toEpochMilli()).toArray(Long[]::new),
            "why",
            retries.stream().map(Retry::why).toArray(String[]::new))
        .replaceWithVoid();
  }
}
