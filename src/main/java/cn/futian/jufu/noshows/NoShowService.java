package cn.futian.jufu.noshows;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.events.EventQueries;
import cn.futian.jufu.members.MemberService;
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
  private final NoShowRepository noShows;
  private final MemberService members;
  private final EventQueries events;
  private final AccessPolicy access;

  NoShowService(
      NoShowPolicy policy,
      NoShowRepository noShows,
      MemberService members,
      EventQueries events,
      AccessPolicy access) {
    this.policy = policy;
    this.noShows = noShows;
    this.members = members;
    this.events = events;
    this.access = access;
  }

  /** Records the no-shows of sessions that ended; returns how many this call recorded. */
  @WithTransaction
  public Uni<Integer> recordEnded() {
    return noShows.recordEnded();
  }

  /** A member's standing for a kind (in the caller's session). */
  public Uni<Standing> standing(long memberId, String kind) {
    return noShows
        .count(memberId, kind, windowStart(kind))
        .map(c -> standing(kind, c.recent(), c.last()));
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
              return noShows
                  .ofMember(memberId)
                  .chain(
                      list -> {
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
    return noShows
        .sessionOf(registrationId)
        .chain(
            sessionId -> {
              if (sessionId == null) {
                throw DomainException.notFound("no-show", registrationId);
              }
              return events.sessionFacts(sessionId);
            })
        .call(facts -> access.requireManage(user, facts.ownerUnitId()))
        .chain(() -> noShows.waive(registrationId, user.subject(), reason))
        .map(
            waived -> {
              if (waived == null) {
                throw DomainException.conflict("no-show.already-waived");
              }
              return waived;
            });
  }
}
