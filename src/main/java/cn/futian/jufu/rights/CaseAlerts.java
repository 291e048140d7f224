package cn.futian.jufu.rights;

import cn.futian.jufu.common.outbox.Outbox;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.orgunits.OrgUnitView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Pages supervisors about a request (ADR 0021), through the outbox in the caller's transaction: an
 * inbox notification and a push that quiet hours do not hold back, with a neutral text (a request
 * needs a response by a time) and never what she wrote. Staff are reached once they have signed in
 * once (their member row holds the inbox and the devices). Nothing is ever sent to the resident.
 */
@ApplicationScoped
class CaseAlerts {

  private static final Logger LOG = Logger.getLogger(CaseAlerts.class);

  /** A high-risk request came in: the nearest supervisors, at once. */
  static final String HIGH_RISK = "CASE_ALERT";

  /** A request is past its time to respond: every supervisor above it. */
  static final String OVERDUE = "CASE_OVERDUE";

  /** An issued protection order or warning letter ends soon: the caseworker and supervisors. */
  static final String ORDER_EXPIRING = "CASE_ORDER_EXPIRING";

  private final CaseTeamRepository team;
  private final OrgUnitService orgUnits;
  private final MemberService members;
  private final Outbox outbox;

  CaseAlerts(
      CaseTeamRepository team, OrgUnitService orgUnits, MemberService members, Outbox outbox) {
    this.team = team;
    this.orgUnits = orgUnits;
    this.members = members;
    this.outbox = outbox;
  }

  /** Pages the supervisors of the nearest level that has any; how many were paged. */
  Uni<Integer> highRisk(long requestId, Long orgUnitId, OffsetDateTime respondBy) {
    return reachable(orgUnitId)
        .chain(
            levels -> {
              List<Long> nearest =
                  levels.stream().filter(l -> !l.isEmpty()).findFirst().orElse(List.of());
              return page(requestId, HIGH_RISK, nearest, respondBy);
            });
  }

  /** Pages every supervisor from the request's unit up to the district; how many were paged. */
  Uni<Integer> overdue(long requestId, Long orgUnitId, OffsetDateTime respondBy) {
    return reachable(orgUnitId)
        .chain(
            levels -> {
              Set<Long> all = new LinkedHashSet<>();
              levels.forEach(all::addAll);
              return page(requestId, OVERDUE, List.copyOf(all), respondBy);
            });
  }

  /**
   * An order of a case expires soon: its caseworker (when she has signed in) and the supervisors of
   * the nearest level; how many were paged.
   */
  Uni<Integer> orderExpiring(
      long caseId, Long orgUnitId, String caseworker, OffsetDateTime expiresAt) {
    return workerAndNearest(caseId, "help_case", ORDER_EXPIRING, orgUnitId, caseworker, expiresAt);
  }

  /** A resolved case is past its follow-up date without one. */
  static final String FOLLOW_UP_OVERDUE = "CASE_FOLLOW_UP_OVERDUE";

  Uni<Integer> followUpOverdue(long caseId, Long orgUnitId, String caseworker, OffsetDateTime due) {
    return workerAndNearest(caseId, "help_case", FOLLOW_UP_OVERDUE, orgUnitId, caseworker, due);
  }

  /** Someone on the difficulty register is past her visit's due date. */
  static final String VISIT_OVERDUE = "CASE_VISIT_OVERDUE";

  Uni<Integer> visitOverdue(long entryId, Long orgUnitId, String caseworker, OffsetDateTime due) {
    return workerAndNearest(entryId, "difficulty_entry", VISIT_OVERDUE, orgUnitId, caseworker, due);
  }

  /** Pages the caseworker (when she has signed in) and the supervisors of the nearest level. */
  private Uni<Integer> workerAndNearest(
      long id,
      String aggregate,
      String type,
      Long orgUnitId,
      String caseworker,
      OffsetDateTime at) {
    Uni<Long> worker = caseworker == null ? Uni.createFrom().nullItem() : members.idOf(caseworker);
    return worker.chain(
        workerId ->
            reachable(orgUnitId)
                .chain(
                    levels -> {
                      Set<Long> to = new LinkedHashSet<>();
                      if (workerId != null) {
                        to.add(workerId);
                      }
                      levels.stream().filter(l -> !l.isEmpty()).findFirst().ifPresent(to::addAll);
                      return page(id, type, List.copyOf(to), at, aggregate);
                    }));
  }

  /** Break glass on a case: the nearest supervisors who reach it, at once. */
  static final String EMERGENCY_ACCESS = "CASE_EMERGENCY_ACCESS";

  Uni<Integer> emergencyAccess(long caseId, Long orgUnitId) {
    return reachable(orgUnitId)
        .chain(
            levels ->
                page(
                    caseId,
                    EMERGENCY_ACCESS,
                    levels.stream().filter(l -> !l.isEmpty()).findFirst().orElse(List.of()),
                    OffsetDateTime.now(),
                    "help_case"));
  }

  private Uni<Integer> page(
      long requestId, String type, List<Long> memberIds, OffsetDateTime respondBy) {
    return page(requestId, type, memberIds, respondBy, "help_request");
  }

  private Uni<Integer> page(
      long requestId,
      String type,
      List<Long> memberIds,
      OffsetDateTime respondBy,
      String aggregate) {
    if (memberIds.isEmpty()) {
      // Only ids: nothing of what she told is ever logged.
      LOG.warnf(
          "%s %d (%s): nobody on the case team who has signed in reaches it; the district must"
              + " appoint a supervisor",
          aggregate, requestId, type);
      return Uni.createFrom().item(0);
    }
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (long memberId : memberIds) {
      chain =
          chain.chain(
              () ->
                  outbox.record(
                      aggregate,
                      requestId,
                      type,
                      memberId,
                      Map.of("deadline", respondBy.toString())));
    }
    return chain.replaceWith(memberIds.size());
  }

  /**
   * The member ids of the supervisors who reach a unit, level by level from the unit itself up to
   * the district (a request without a unit: the district's only).
   */
  private Uni<List<List<Long>>> reachable(Long orgUnitId) {
    Uni<List<Long>> levels =
        orgUnitId == null
            ? orgUnits.rootIds()
            : orgUnits
                .lineage(orgUnitId)
                .map(
                    lineage -> {
                      List<Long> up = new ArrayList<>();
                      for (int i = lineage.size() - 1; i >= 0; i--) {
                        OrgUnitView u = lineage.get(i);
                        if (u.retiredAt() == null) {
                          up.add(u.id());
                        }
                      }
                      return up;
                    });
    return levels.chain(
        units ->
            team.supervisorsAt(units)
                .chain(
                    seats -> {
                      Uni<List<List<Long>>> out = Uni.createFrom().item(new ArrayList<>());
                      for (long unit : units) {
                        List<String> subjects =
                            seats.stream()
                                .filter(s -> s.orgUnitId() == unit)
                                .map(CaseTeamRepository.Supervisor::subject)
                                .distinct()
                                .toList();
                        out =
                            out.chain(acc -> memberIds(subjects).invoke(acc::add).replaceWith(acc));
                      }
                      return out;
                    }));
  }

  private Uni<List<Long>> memberIds(List<String> subjects) {
    return members.idsOf(subjects);
  }
}
