package cn.futian.jufu.cadres;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.orgunits.OrgUnitService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.exception.ConstraintViolationException;

/** Appointing cadres to org units (admins), and which units a cadre holds. */
@ApplicationScoped
public class CadreService {

  private final CadreAssignmentRepository assignments;
  private final OrgUnitService orgUnits;
  private final UserDirectory directory;

  CadreService(
      CadreAssignmentRepository assignments, OrgUnitService orgUnits, UserDirectory directory) {
    this.assignments = assignments;
    this.orgUnits = orgUnits;
    this.directory = directory;
  }

  /** The units a user is an active cadre of (the roots of the subtrees they manage). */
  @WithSession
  public Uni<List<Long>> activeUnitIds(String subject) {
    return assignments.activeUnitIds(subject);
  }

  @WithSession
  public Uni<Page<CadreAssignmentView>> list(
      Long orgUnitId, String subject, boolean includeRevoked, int page, int size) {
    List<String> where = new ArrayList<>();
    Parameters params = new Parameters();
    if (orgUnitId != null) {
      where.add("orgUnitId = :unit");
      params = params.and("unit", orgUnitId);
    }
    if (subject != null) {
      where.add("subject = :subject");
      params = params.and("subject", subject);
    }
    if (!includeRevoked) {
      where.add("revokedAt is null");
    }
    var query =
        assignments
            .find(where.isEmpty() ? "1 = 1" : String.join(" and ", where), Sort.by("id"), params)
            .page(page, size);
    return query
        .list()
        .chain(list -> query.count().map(total -> new Page<>(list, page, size, total)))
        .map(p -> p.map(CadreAssignmentView::of));
  }

  /**
   * Appoints a Keycloak user as cadre of a unit. The user is looked up in Keycloak first, outside
   * the transaction, so no database connection waits on the identity provider.
   */
  public Uni<CadreAssignmentView> assign(CurrentUser admin, AssignCadre cmd) {
    return directory
        .require(cmd.subject())
        .chain(user -> Panache.withTransaction(() -> record(admin, cmd)));
  }

  private Uni<CadreAssignmentView> record(CurrentUser admin, AssignCadre cmd) {
    return orgUnits
        .requireActive(cmd.orgUnitId())
        .chain(unit -> assignments.findActive(cmd.subject(), unit.id()))
        .invoke(
            existing -> {
              if (existing != null) {
                throw DomainException.conflict("cadre.already-assigned", cmd.orgUnitId());
              }
            })
        .chain(
            () -> {
              CadreAssignment a = new CadreAssignment();
              a.subject = cmd.subject();
              a.orgUnitId = cmd.orgUnitId();
              a.assignedBy = admin.subject();
              a.assignedAt = OffsetDateTime.now();
              return assignments.persistAndFlush(a);
            })
        .onFailure(ConstraintViolationException.class)
        .transform(e -> DomainException.conflict("cadre.already-assigned", cmd.orgUnitId()))
        .map(CadreAssignmentView::of);
  }

  @WithTransaction
  public Uni<CadreAssignmentView> revoke(CurrentUser admin, long id) {
    return assignments
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("cadre-assignment", id))
        .invoke(
            a -> {
              if (!a.isActive()) {
                throw DomainException.conflict("cadre.already-revoked", id);
              }
              a.revokedAt = OffsetDateTime.now();
              a.revokedBy = admin.subject();
            })
        .call(assignments::flush)
        .map(CadreAssignmentView::of);
  }

  /**
   * Seeds demo appointments (subject → unit code) that do not exist yet; no Keycloak look-up, as
   * the demo users' ids are fixed in the realm file. Returns how many were created.
   */
  @WithTransaction
  public Uni<Integer> ensureSeeded(List<SeedAssignment> seeds) {
    Uni<Integer> created = Uni.createFrom().item(0);
    for (SeedAssignment seed : seeds) {
      created =
          created.chain(
              n ->
                  orgUnits
                      .idsOf(List.of(seed.orgUnitCode()))
                      .chain(
                          ids -> {
                            if (ids.isEmpty()) {
                              throw new IllegalStateException(
                                  "Seed assignment names unknown unit " + seed.orgUnitCode());
                            }
                            long unitId = ids.get(0);
                            return assignments
                                .findActive(seed.subject(), unitId)
                                .chain(
                                    existing -> {
                                      if (existing != null) {
                                        return Uni.createFrom().item(n);
                                      }
                                      CadreAssignment a = new CadreAssignment();
                                      a.subject = seed.subject();
                                      a.orgUnitId = unitId;
                                      a.assignedBy = "seed";
                                      a.assignedAt = OffsetDateTime.now();
                                      return assignments.persist(a).replaceWith(n + 1);
                                    });
                          }));
    }
    return created.call(assignments::flush);
  }

  /** A row of {@code seeds/cadre-assignments.csv}. */
  public record SeedAssignment(String subject, String orgUnitCode) {}
}
