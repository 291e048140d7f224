package cn.futian.jufu.members;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
class ConsentRepository implements PanacheRepository<Consent> {

  Uni<Consent> findActive(long memberId, ConsentPurpose purpose) {
    return find("memberId = ?1 and purpose = ?2 and withdrawnAt is null", memberId, purpose)
        .firstResult();
  }

  Uni<List<Consent>> history(long memberId) {
    return list("memberId", Sort.by("grantedAt").and("id"), memberId);
  }
}
