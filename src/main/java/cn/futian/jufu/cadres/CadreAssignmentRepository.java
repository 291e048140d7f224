package cn.futian.jufu.cadres;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
class CadreAssignmentRepository implements PanacheRepository<CadreAssignment> {

  Uni<List<Long>> activeUnitIds(String subject) {
    return getSession()
        .chain(
            s ->
                s.createSelectionQuery(
                        "select orgUnitId from CadreAssignment"
                            + " where subject = :subject and revokedAt is null order by orgUnitId",
                        Long.class)
                    .setParameter("subject", subject)
                    .getResultList());
  }

  Uni<CadreAssignment> findActive(String subject, long orgUnitId) {
    return find("subject = ?1 and orgUnitId = ?2 and revokedAt is null", subject, orgUnitId)
        .firstResult();
  }
}
