package cn.futian.jufu.orgunits;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
class OrgUnitRepository implements PanacheRepository<OrgUnit> {

  Uni<OrgUnit> findByCode(String code) {
    return find("code", code).firstResult();
  }

  Uni<Long> countActiveChildren(long parentId) {
    return count("parentId = ?1 and retiredAt is null", parentId);
  }

  Uni<List<OrgUnit>> subtree(String path) {
    return find("path like ?1", Sort.by("path"), path + "%").list();
  }

  /** True when unit {@code id} lies in the subtree of an active unit among {@code ancestorIds}. */
  Uni<Boolean> isWithinAny(long id, Collection<Long> ancestorIds) {
    if (ancestorIds.isEmpty()) {
      return Uni.createFrom().item(false);
    }
    return getSession()
        .chain(
            session ->
                session
                    .createSelectionQuery(
                        "select count(t) from OrgUnit t, OrgUnit a"
                            + " where t.id = :id and a.id in :ancestors and a.retiredAt is null"
                            + " and t.path like concat(a.path, '%')",
                        Long.class)
                    .setParameter("id", id)
                    .setParameter("ancestors", ancestorIds)
                    .getSingleResult())
        .map(n -> n > 0);
  }

  /**
   * Ids of every unit (retired ones too) in the subtrees of the active units among {@code rootIds},
   * the roots included.
   */
  Uni<List<Long>> subtreeIds(Collection<Long> rootIds) {
    if (rootIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return getSession()
        .chain(
            session ->
                session
                    .createSelectionQuery(
                        "select distinct t.id from OrgUnit t, OrgUnit a"
                            + " where a.id in :roots and a.retiredAt is null"
                            + " and t.path like concat(a.path, '%') order by t.id",
                        Long.class)
                    .setParameter("roots", rootIds)
                    .getResultList());
  }

  /** Rewrites the paths of a moved subtree: every path starting with oldPrefix. */
  Uni<Integer> rewritePaths(String oldPrefix, String newPrefix) {
    return update(
        "path = concat(:newPrefix, substring(path, :cut)), updatedAt = current_timestamp"
            + " where path like :like",
        Parameters.with("newPrefix", newPrefix)
            .and("cut", oldPrefix.length() + 1)
            .and("like", oldPrefix + "%"));
  }
}
