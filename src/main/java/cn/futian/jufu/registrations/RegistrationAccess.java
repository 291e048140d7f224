package cn.futian.jufu.registrations;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventQueries;
import cn.futian.jufu.events.SessionFacts;
import cn.futian.jufu.members.MemberService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may act on a registration: its member, or a cadre who manages the unit of its event. Another
 * member's registration is "not found" to a resident, never "forbidden" (nothing tells her it
 * exists). In the caller's session.
 */
@ApplicationScoped
class RegistrationAccess {

  private final RegistrationRepository registrations;
  private final EventQueries events;
  private final MemberService members;
  private final AccessPolicy policy;

  RegistrationAccess(
      RegistrationRepository registrations,
      EventQueries events,
      MemberService members,
      AccessPolicy policy) {
    this.registrations = registrations;
    this.events = events;
    this.members = members;
    this.policy = policy;
  }

  /** A registration with its session's facts. */
  record Managed(Registration registration, SessionFacts facts) {}

  /** A registration the caller may read, and whether it is her own. */
  record Readable(Registration registration, SessionFacts facts, boolean own) {}

  /** A registration of the caller. */
  Uni<Registration> requireMine(CurrentUser user, long id) {
    return members
        .idOf(user.subject())
        .chain(
            memberId ->
                registrations
                    .findById(id)
                    .invoke(
                        r -> {
                          if (r == null || !r.memberId.equals(memberId)) {
                            throw DomainException.notFound("registration", id);
                          }
                        }));
  }

  /** The caller's own registration with its session's facts. */
  Uni<Managed> requireMineWithFacts(CurrentUser user, long id) {
    return requireMine(user, id)
        .chain(r -> events.sessionFacts(r.sessionId).map(facts -> new Managed(r, facts)));
  }

  /** A registration of an event whose unit the caller manages (403 otherwise). */
  Uni<Managed> requireManaged(CurrentUser user, long id) {
    return find(id)
        .chain(r -> requireManagedSession(user, r.sessionId).map(facts -> new Managed(r, facts)));
  }

  /** A session of an event whose unit the caller manages (403 otherwise), with its facts. */
  Uni<SessionFacts> requireManagedSession(CurrentUser user, long sessionId) {
    return events
        .sessionFacts(sessionId)
        .call(facts -> policy.requireManage(user, facts.ownerUnitId()));
  }

  /** A registration the caller may read: her own, or one of an event she manages. */
  Uni<Readable> requireReadable(CurrentUser user, long id) {
    return find(id)
        .chain(
            r ->
                members
                    .idOf(user.subject())
                    .chain(
                        memberId ->
                            events
                                .sessionFacts(r.sessionId)
                                .chain(
                                    facts -> {
                                      boolean own = r.memberId.equals(memberId);
                                      Uni<Boolean> allowed =
                                          own
                                              ? Uni.createFrom().item(true)
                                              : policy.canManage(user, facts.ownerUnitId());
                                      return allowed.map(
                                          ok -> {
                                            if (!ok) {
                                              throw DomainException.notFound("registration", id);
                                            }
                                            return new Readable(r, facts, own);
                                          });
                                    })));
  }

  private Uni<Registration> find(long id) {
    return registrations
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("registration", id));
  }
}
