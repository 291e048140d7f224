package cn.futian.jufu.members;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
class DependantRepository implements PanacheRepository<Dependant> {

  Uni<List<Dependant>> active(long memberId) {
    return list("memberId = ?1 and removedAt is null", Sort.by("id"), memberId);
  }
}
