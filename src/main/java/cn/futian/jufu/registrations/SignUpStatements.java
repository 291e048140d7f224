package cn.futian.jufu.registrations;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sign-up's two statements, sent through the reactive PostgreSQL client straight from the pool
 * (docs/adr/0018-sign-up-in-two-statements.md): {@code sign_up_member} reads everything the
 * decision needs about the member (creating her on her first call) and {@code sign_up} writes the
 * decided sign-up atomically. Both are functions of migration V16; each call is one autocommitted
 * statement, one round trip.
 */
@ApplicationScoped
class SignUpStatements {

  private static final String MEMBER =
      "select * from sign_up_member($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
  private static final String SIGN_UP =
      "select * from sign_up($1, $2, $3, $4, $5, $6, cast($7 as text)::jsonb, $8, $9, $10,"
          + " cast($11 as text)::jsonb, $12, $13)";

  private final Pool pool;

  SignUpStatements(Pool pool) {
    this.pool = pool;
  }

  /** What {@link #member} is asked for; null parts are not computed. */
  record MemberQuery(
      String subject,
      String tombstone,
      String name,
      long sessionId,
      String kind,
      OffsetDateTime noShowsSince,
      OffsetDateTime recentSince,
      boolean weigh,
      List<Long> audience,
      String idempotencyKey) {}

  /** The member's side of a sign-up decision. {@code deleted}: her account was deleted. */
  record MemberFacts(
      Long memberId,
      boolean deleted,
      Long homeUnitId,
      String gender,
      Integer birthYear,
      String encryptedMaritalStatus,
      List<Long> childIds,
      List<Integer> childBirthYears,
      boolean already,
      int noShows,
      OffsetDateTime lastNoShow,
      int recent,
      boolean attended,
      boolean resident,
      Earlier earlier) {}

  /** The record of an Idempotency-Key used before: the request's hash and the response's body. */
  record Earlier(String requestHash, String body) {}

  Uni<MemberFacts> member(MemberQuery q) {
    Tuple args =
        Tuple.tuple(
            Arrays.asList(
                q.subject(),
                q.tombstone(),
                q.name(),
                q.sessionId(),
                q.kind(),
                q.noShowsSince(),
                q.recentSince(),
                q.weigh(),
                q.audience() == null ? null : q.audience().toArray(new Long[0]),
                q.idempotencyKey()));
    return pool.preparedQuery(MEMBER)
        .execute(args)
        .map(rows -> rows.iterator().next())
        .map(
            row ->
                new MemberFacts(
                    row.getLong("member_id"),
                    row.getBoolean("deleted"),
                    row.getLong("home_unit_id"),
                    row.getString("gender"),
                    row.getInteger("birth_year"),
                    row.getString("marital_status"),
                    longs(row.getArrayOfLongs("child_ids")),
                    ints(row.getArrayOfIntegers("child_birth_years")),
                    row.getBoolean("already"),
                    row.getInteger("no_shows"),
                    row.getOffsetDateTime("last_no_show"),
                    row.getInteger("recent"),
                    row.getBoolean("attended"),
                    row.getBoolean("resident"),
                    earlier(row)));
  }

  /** A decided sign-up, for {@link #signUp}. */
  record Decided(
      long sessionId,
      long memberId,
      long factsVersion,
      String pool,
      int seats,
      RegistrationStatus status,
      String answersJson,
      List<Long> dependantIds,
      Double lotteryWeight,
      String actor,
      String newsJson,
      String idempotencyKey,
      String requestHash) {}

  enum Outcome {
    OK,
    CLOSED,
    STALE,
    ALREADY
  }

  /**
   * What {@code sign_up} did: on OK the registration; on ALREADY maybe the key's earlier record.
   */
  record Written(
      Outcome outcome,
      Long registrationId,
      RegistrationStatus status,
      Long waitlistSeq,
      Integer waitlistPosition,
      OffsetDateTime createdAt,
      Earlier earlier) {}

  Uni<Written> signUp(Decided d) {
    Tuple args =
        Tuple.tuple(
            Arrays.asList(
                d.sessionId(),
                d.memberId(),
                d.factsVersion(),
                d.pool(),
                d.seats(),
                d.status().name(),
                d.answersJson(),
                d.dependantIds().toArray(new Long[0]),
                d.lotteryWeight(),
                d.actor(),
                d.newsJson(),
                d.idempotencyKey(),
                d.requestHash()));
    return pool.preparedQuery(SIGN_UP)
        .execute(args)
        .map(rows -> rows.iterator().next())
        .map(
            row -> {
              String status = row.getString("status");
              return new Written(
                  Outcome.valueOf(row.getString("outcome")),
                  row.getLong("registration_id"),
                  status == null ? null : RegistrationStatus.valueOf(status),
                  row.getLong("waitlist_seq"),
                  row.getInteger("waitlist_position"),
                  row.getOffsetDateTime("created_at"),
                  earlier(row));
            });
  }

  private static Earlier earlier(Row row) {
    String hash = row.getString("idem_hash");
    return hash == null ? null : new Earlier(hash, row.getString("idem_body"));
  }

  private static List<Long> longs(Long[] values) {
    return values == null ? List.of() : List.of(values);
  }

  private static List<Integer> ints(Integer[] values) {
    return values == null ? List.of() : new ArrayList<>(Arrays.asList(values));
  }
}
