package cn.futian.jufu.noshows;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.events.EventService;
import cn.futian.jufu.members.MemberService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * No-shows: a confirmed registration without check-in when its session has ended. Recorded once per
 * registration by a job (safe on several instances), explained to the member, waivable by cadres
 * with a reason; {@link NoShowPolicy} decides what they cost.
 */
@ApplicationScoped
public class NoShowService {

  static final String RECORD_ENDED =
      """
      with ended as (
        insert into no_show (registration_id, member_id, session_id, kind, session_ended_at)
        select r.id, r.member_id, s.id, e.kind, s.ends_at
        from registration r
        join session s on s.id = r.session_id
        join event e on e.id = s.event_id
        where r.status = 'CONFIRMED'
          and s.ends_at < now() and s.ends_at > now() - interval '30 days'
          and s.cancelled_at is null and e.status <> 'CANCELLED'
          and not exists (select 1 from attendance a where a.registration_id = r.id)
        on conflict do nothing
        returning registration_id, member_id, session_id, kind
      )
      insert into outbox (aggregate_type, aggregate_id, type, member_id, payload)
      select 'registration', registration_id, 'NO_SHOW_RECORDED', member_id,
             jsonb_build_object('sessionId', session_id, 'kind', kind)
      from ended
      """;

  /** What a member's no-shows mean for one kind of event. */
  @Schema(name = "NoShowStanding")
  public record Standing(
      String kind,
      @Schema(description = "No-shows counted (not waived, within the window)") int recent,
      int threshold,
      @Schema(description = "Window in days") long windowDays,
      @Schema(description = "No first-come sign-ups for this kind until then")
          OffsetDateTime suspendedUntil) {

    public boolean suspended() {
      return suspendedUntil != null && suspendedUntil.isAfter(OffsetDateTime.now());
    }
  }

  @Schema(name = "NoShow")
  public record NoShowView(
      long registrationId,
      long sessionId,
      String kind,
      OffsetDateTime sessionEndedAt,
      OffsetDateTime waivedAt,
      String waiveReason) {}

  @Schema(name = "MyNoShows", description = "My no-shows and what they mean, per kind")
  public record Mine(List<NoShowView> noShows, List<Standing> standings) {}

  private final NoShowPolicy policy;
  private final MemberService members;
  private final EventService events;
  private final AccessPolicy access;

  NoShowService(
      NoShowPolicy policy, MemberService members, EventService events, AccessPolicy access) {
    this.policy = policy;
    this.members = members;
    this.events = events;
    this.access = access;
  }

  /** Records the no-shows of sessions that ended; returns how many this call recorded. */
  @WithTransaction
  public Uni<Integer> recordEnded() {
    return Panache.getSession().chain(s -> s.createNativeQuery(RECORD_ENDED).executeUpdate());
  }

  /** A member's standing for a kind (in the caller's session). */
  public Uni<Standing> standing(long memberId, String kind) {
    OffsetDateTime since = windowStart(kind);
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select count(*), max(session_ended_at) from no_show where member_id = :m"
                            + " and kind = :k and waived_at is null and session_ended_at >= :since",
                        Object[].class)
                    .setParameter("m", memberId)
                    .setParameter("k", kind)
                    .setParameter("since", since)
                    .getSingleResult())
        .map(row -> standing(kind, ((Number) row[0]).intValue(), (OffsetDateTime) row[1]));
  }

  /** Since when no-shows of a kind count (its rule's window back from now). */
  public OffsetDateTime windowStart(String kind) {
    return OffsetDateTime.now(Times.ZONE).minus(policy.ruleFor(kind).window());
  }

  /**
   * The standing that {@code recent} no-shows of a kind since {@link #windowStart}, the last of
   * them at {@code last}, make (the sign-up reads both with its other facts in one statement).
   */
  public Standing standing(String kind, int recent, OffsetDateTime last) {
    NoShowPolicy.Rule rule = policy.ruleFor(kind);
    OffsetDateTime until =
        recent >= rule.threshold() && last != null
            ? last.plus(rule.suspension()).atZoneSameInstant(Times.ZONE).toOffsetDateTime()
            : null;
    if (until != null && until.isBefore(OffsetDateTime.now())) {
      until = null;
    }
    return new Standing(kind, recent, rule.threshold(), rule.window().toDays(), until);
  }

  /** The caller's no-shows, with what they mean for each kind concerned. */
  @WithSession
  public Uni<Mine> mine(CurrentUser user) {
    return members
        .idOf(user.subject())
        .chain(
            memberId -> {
              if (memberId == null) {
                return Uni.createFrom().item(new Mine(List.of(), List.of()));
              }
              return Panache.getSession()
                  .chain(
                      s ->
                          s.createNativeQuery(
                                  "select registration_id, session_id, kind, session_ended_at,"
                                      + " waived_at, waive_reason from no_show"
                                      + " where member_id = :m order by session_ended_at desc",
                                  Object[].class)
                              .setParameter("m", memberId)
                              .getResultList())
                  .chain(
                      rows -> {
                        List<NoShowView> list = new ArrayList<>();
                        for (Object[] r : rows) {
                          list.add(
                              new NoShowView(
                                  ((Number) r[0]).longValue(),
                                  ((Number) r[1]).longValue(),
                                  (String) r[2],
                                  (OffsetDateTime) r[3],
                                  (OffsetDateTime) r[4],
                                  (String) r[5]));
                        }
                        List<String> kinds =
                            list.stream().map(NoShowView::kind).distinct().toList();
                        Uni<List<Standing>> chain = Uni.createFrom().item(new ArrayList<>());
                        for (String kind : kinds) {
                          chain =
                              chain.chain(
                                  out ->
                                      standing(memberId, kind)
                                          .map(
                                              st -> {
                                                out.add(st);
                                                return out;
                                              }));
                        }
                        return chain.map(standings -> new Mine(list, standings));
                      });
            });
  }

  /** A cadre who manages the event's unit waives a no-show, with a reason. */
  @WithTransaction
  public Uni<NoShowView> waive(CurrentUser user, long registrationId, String reason) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select session_id from no_show where registration_id = :r", Long.class)
                    .setParameter("r", registrationId)
                    .getResultList())
        .chain(
            ids -> {
              if (ids.isEmpty()) {
                throw DomainException.notFound("no-show", registrationId);
              }
              return events.sessionFacts(ids.get(0));
            })
        .call(facts -> access.requireManage(user, facts.ownerUnitId()))
        .chain(
            facts ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    "update no_show set waived_at = now(), waived_by = :by,"
                                        + " waive_reason = :reason where registration_id = :r"
                                        + " and waived_at is null"
                                        + " returning registration_id, session_id, kind,"
                                        + " session_ended_at, waived_at, waive_reason",
                                    Object[].class)
                                .setParameter("by", user.subject())
                                .setParameter("reason", reason)
                                .setParameter("r", registrationId)
                                .getResultList()))
        .map(
            rows -> {
              if (rows.isEmpty()) {
                throw DomainException.conflict("no-show.already-waived");
              }
              Object[] r = rows.get(0);
              return new NoShowView(
                  ((Number) r[0]).longValue(),
                  ((Number) r[1]).longValue(),
                  (String) r[2],
                  (OffsetDateTime) r[3],
                  (OffsetDateTime) r[4],
                  (String) r[5]);
            });
  }
}
