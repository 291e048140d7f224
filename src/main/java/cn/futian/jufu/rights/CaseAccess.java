package cn.futian.jufu.rights;

import cn.futian.jufu.audit.AuditEvent;
import cn.futian.jufu.audit.AuditLog;
import cn.futian.jufu.audit.AuditOutcome;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.orgunits.OrgUnitKind;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.orgunits.OrgUnitView;
import cn.futian.jufu.rights.CaseTeamDtos.CaseRole;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * Who on the case team may read and do what (ADR 0021): need to know, two keys.
 *
 * <ul>
 *   <li>A seat counts only with the matching realm role in the token ({@code caseworker} for a
 *       CASEWORKER seat, {@code case-supervisor} for a SUPERVISOR seat), and only while its unit is
 *       not retired. A role without a seat, or a seat without the role, opens nothing.
 *   <li>A caseworker reads the requests assigned to her, and records intake in her seats' subtrees.
 *   <li>A supervisor reads, records and assigns everything in her seats' subtrees; a supervisor
 *       seated at the district reads everything, requests without a unit included.
 *   <li>Admins and cadres read nothing here: appointing the team is not a reason to read its files.
 * </ul>
 */
@ApplicationScoped
public class CaseAccess {

  private final CaseTeamRepository team;
  private final OrgUnitService orgUnits;
  private final AuditLog audit;

  CaseAccess(CaseTeamRepository team, OrgUnitService orgUnits, AuditLog audit) {
    this.team = team;
    this.orgUnits = orgUnits;
    this.audit = audit;
  }

  /**
   * A try outside the caller's reach: recorded as refused, then a 404 as if there were nothing
   * ({@code what} names the not-found message, {@code target} the audit's target type).
   */
  <T> Uni<T> refuse(CurrentUser user, String action, String target, long id, String what) {
    return audit
        .record(AuditEvent.by(user, action, AuditOutcome.REFUSED).withTarget(target, id))
        .map(
            nothing -> {
              throw DomainException.notFound(what, id);
            });
  }

  /**
   * What one caller may reach.
   *
   * @param caseworker holds a counted CASEWORKER seat: reads what is assigned to her
   * @param recordUnits units she may record intake for (every counted seat's subtree)
   * @param supervisedUnits units whose requests she reads and assigns (SUPERVISOR subtrees)
   * @param district a counted SUPERVISOR seat at the district: everything
   * @param confirmUnits units whose register changes she confirms (SUPERVISOR seats at a street or
   *     the district, and their subtrees: ADR 0025)
   */
  public record Scope(
      String subject,
      boolean caseworker,
      Set<Long> recordUnits,
      Set<Long> supervisedUnits,
      boolean district,
      Set<Long> confirmUnits) {

    /** Confirms or rejects register changes of this unit (a street's or the district's seat). */
    public boolean mayConfirm(long orgUnitId) {
      return district || confirmUnits.contains(orgUnitId);
    }

    public boolean isOnTeam() {
      return caseworker || district || !supervisedUnits.isEmpty();
    }

    public boolean isSupervisor() {
      return district || !supervisedUnits.isEmpty();
    }

    /** Reads and assigns the requests of this unit (null: filed without a unit). */
    public boolean supervises(Long orgUnitId) {
      return district || (orgUnitId != null && supervisedUnits.contains(orgUnitId));
    }

    public boolean mayRead(Long orgUnitId, String assignedTo) {
      return supervises(orgUnitId) || (caseworker && subject.equals(assignedTo));
    }

    public boolean mayRecordFor(long orgUnitId) {
      return district || recordUnits.contains(orgUnitId);
    }

    /** Subtrees gathered while the scope is built. */
    private static final class Builder {
      List<Long> supervised;
      List<Long> worked;
    }

    /** The rows a list may show, for the repository. */
    HelpRequestRepository.Reach reach() {
      return new HelpRequestRepository.Reach(
          district, List.copyOf(supervisedUnits), caseworker ? subject : null);
    }
  }

  /** The caller's scope, from her seats in PostgreSQL and the roles in her token. */
  public Uni<Scope> of(CurrentUser user) {
    boolean worker = user.roles().contains(Roles.CASEWORKER);
    boolean supervisor = user.roles().contains(Roles.CASE_SUPERVISOR);
    if (!worker && !supervisor) {
      return Uni.createFrom()
          .item(new Scope(user.subject(), false, Set.of(), Set.of(), false, Set.of()));
    }
    return team.activeOf(user.subject())
        .map(
            seats ->
                seats.stream()
                    .filter(
                        s ->
                            s.role() == CaseRole.CASEWORKER && worker
                                || s.role() == CaseRole.SUPERVISOR && supervisor)
                    .toList())
        .chain(
            seats ->
                orgUnits
                    .byIds(seats.stream().map(CaseTeamRepository.Seat::orgUnitId).toList())
                    .chain(units -> scope(user.subject(), seats, units)));
  }

  /**
   * Succeeds when the subject holds a seat whose subtree reaches the unit (any seat for a request
   * without a unit): whom a request or a case may be given to. Else a 400 on {@code subject}.
   */
  public Uni<Void> requireSeatReaching(String subject, Long orgUnitId) {
    return team.activeOf(subject)
        .chain(
            seats ->
                orgUnits.subtreeIds(
                    seats.stream().map(CaseTeamRepository.Seat::orgUnitId).toList()))
        .invoke(
            reach -> {
              boolean ok = orgUnitId == null ? !reach.isEmpty() : reach.contains(orgUnitId);
              if (!ok) {
                throw DomainException.invalid("subject", "case-work.assignee-out-of-reach");
              }
            })
        .replaceWithVoid();
  }

  private Uni<Scope> scope(
      String subject, List<CaseTeamRepository.Seat> seats, List<OrgUnitView> units) {
    Set<Long> active =
        Set.copyOf(units.stream().filter(u -> u.retiredAt() == null).map(OrgUnitView::id).toList());
    List<Long> workerRoots =
        seats.stream()
            .filter(s -> s.role() == CaseRole.CASEWORKER && active.contains(s.orgUnitId()))
            .map(CaseTeamRepository.Seat::orgUnitId)
            .toList();
    List<Long> supervisorRoots =
        seats.stream()
            .filter(s -> s.role() == CaseRole.SUPERVISOR && active.contains(s.orgUnitId()))
            .map(CaseTeamRepository.Seat::orgUnitId)
            .toList();
    boolean district =
        units.stream()
            .anyMatch(u -> u.kind() == OrgUnitKind.DISTRICT && supervisorRoots.contains(u.id()));
    List<Long> confirmRoots =
        units.stream()
            .filter(
                u ->
                    (u.kind() == OrgUnitKind.DISTRICT || u.kind() == OrgUnitKind.STREET)
                        && supervisorRoots.contains(u.id()))
            .map(OrgUnitView::id)
            .toList();
    Scope.Builder b = new Scope.Builder();
    return orgUnits
        .subtreeIds(supervisorRoots)
        .invoke(ids -> b.supervised = ids)
        .chain(() -> orgUnits.subtreeIds(workerRoots))
        .invoke(ids -> b.worked = ids)
        .chain(() -> orgUnits.subtreeIds(confirmRoots))
        .map(
            confirm -> {
              Set<Long> record = new java.util.HashSet<>(b.worked);
              record.addAll(b.supervised);
              return new Scope(
                  subject,
                  !workerRoots.isEmpty(),
                  Set.copyOf(record),
                  Set.copyOf(b.supervised),
                  district,
                  Set.copyOf(confirm));
            });
  }
}
