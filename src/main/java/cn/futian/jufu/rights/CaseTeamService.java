package cn.futian.jufu.rights;

import cn.futian.jufu.cadres.UserDirectory;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.rights.CaseTeamDtos.AssignCaseTeam;
import cn.futian.jufu.rights.CaseTeamDtos.CaseRole;
import cn.futian.jufu.rights.CaseTeamDtos.CaseTeamView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Appointing caseworkers and supervisors to org units (admins), as cadres are appointed (ADR 0021).
 * The appointment gives the reach; the realm role in the token is the second key.
 */
@ApplicationScoped
public class CaseTeamService {

  private final CaseTeamRepository team;
  private final OrgUnitService orgUnits;
  private final UserDirectory directory;

  CaseTeamService(CaseTeamRepository team, OrgUnitService orgUnits, UserDirectory directory) {
    this.team = team;
    this.orgUnits = orgUnits;
    this.directory = directory;
  }

  @WithSession
  public Uni<Page<CaseTeamView>> list(
      Long orgUnitId, String subject, boolean includeRevoked, int page, int size) {
    return team.list(orgUnitId, subject, includeRevoked, page, size)
        .chain(
            items ->
                team.count(orgUnitId, subject, includeRevoked)
                    .map(total -> new Page<>(items, page, size, total)));
  }

  /** Appoints a Keycloak user; the user is looked up first, outside the transaction. */
  public Uni<CaseTeamView> assign(CurrentUser admin, AssignCaseTeam cmd) {
    return directory
        .requireExists(cmd.subject())
        .chain(
            () ->
                Panache.withTransaction(
                    () ->
                        orgUnits
                            .requireActive(cmd.orgUnitId())
                            .chain(
                                unit ->
                                    team.insert(
                                        cmd.subject(), unit.id(), cmd.role(), admin.subject()))
                            .invoke(
                                id -> {
                                  if (id == null) {
                                    throw DomainException.conflict(
                                        "case-team.already-assigned", cmd.orgUnitId());
                                  }
                                })
                            .chain(team::byId)));
  }

  @WithTransaction
  public Uni<CaseTeamView> revoke(CurrentUser admin, long id) {
    return team.byId(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("case-team", id))
        .call(
            found ->
                team.revoke(id, admin.subject())
                    .invoke(
                        done -> {
                          if (!done) {
                            throw DomainException.conflict("case-team.already-revoked", id);
                          }
                        }))
        .chain(() -> team.byId(id));
  }

  /** A row of {@code seeds/case-team.csv}. */
  record SeedSeat(String subject, String orgUnitCode, CaseRole role) {}

  /** Seeds demo appointments that do not exist yet, in the caller's transaction. */
  Uni<Integer> ensureSeeded(List<SeedSeat> seats) {
    Uni<Integer> created = Uni.createFrom().item(0);
    for (SeedSeat seat : seats) {
      created =
          created.chain(
              n ->
                  orgUnits
                      .idsOf(List.of(seat.orgUnitCode()))
                      .chain(
                          ids -> {
                            if (ids.isEmpty()) {
                              throw new IllegalStateException(
                                  "case-team.csv names unknown unit " + seat.orgUnitCode());
                            }
                            return team.insert(seat.subject(), ids.get(0), seat.role(), "seed");
                          })
                      .map(id -> id == null ? n : n + 1));
    }
    return created;
  }
}
