package cn.futian.jufu.orgunits;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.text.Texts;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The organisation tree: browse it, and (admins) create, rename, move and retire units. */
@ApplicationScoped
public class OrgUnitService {

  private final OrgUnitRepository units;

  OrgUnitService(OrgUnitRepository units) {
    this.units = units;
  }

  /** Filters for {@link #list}; every one is optional. */
  public record Filter(
      Long parentId, OrgUnitKind kind, String query, boolean includeRetired, int page, int size) {}

  @WithSession
  public Uni<Page<OrgUnitView>> list(Filter f) {
    List<String> where = new ArrayList<>();
    Parameters params = new Parameters();
    if (f.parentId() != null) {
      where.add("parentId = :parent");
      params = params.and("parent", f.parentId());
    }
    if (f.kind() != null) {
      where.add("kind = :kind");
      params = params.and("kind", f.kind());
    }
    if (f.query() != null && !f.query().isBlank()) {
      where.add("(lower(nameZh) like :q or lower(nameEn) like :q or lower(code) like :q)");
      params = params.and("q", "%" + likeEscape(f.query().toLowerCase(Locale.ROOT)) + "%");
    }
    if (!f.includeRetired()) {
      where.add("retiredAt is null");
    }
    String hql = where.isEmpty() ? "1 = 1" : String.join(" and ", where);
    var query = units.find(hql, Sort.by("code"), params).page(f.page(), f.size());
    return query
        .list()
        .chain(list -> query.count().map(total -> new Page<>(list, f.page(), f.size(), total)))
        .map(p -> p.map(OrgUnitView::of));
  }

  @WithSession
  public Uni<OrgUnitView> get(long id) {
    return require(id).map(OrgUnitView::of);
  }

  /** The unit and every unit above it, from the district down. */
  @WithSession
  public Uni<List<OrgUnitView>> lineage(long id) {
    return require(id)
        .chain(
            unit -> {
              List<Long> ids = new ArrayList<>();
              for (String part : unit.path.split("/")) {
                if (!part.isEmpty()) {
                  ids.add(Long.parseLong(part));
                }
              }
              return units.list("id in ?1", ids);
            })
        .map(
            list ->
                list.stream()
                    .sorted(java.util.Comparator.comparingInt(OrgUnit::depth))
                    .map(OrgUnitView::of)
                    .toList());
  }

  /** The unit if it exists and is not retired: for features that attach things to units. */
  @WithSession
  public Uni<OrgUnitView> requireActive(long id) {
    return require(id)
        .invoke(
            unit -> {
              if (unit.isRetired()) {
                throw DomainException.rule("org-unit.retired", unit.code);
              }
            })
        .map(OrgUnitView::of);
  }

  /** True when {@code id} lies within the subtree of an active unit among {@code ancestorIds}. */
  @WithSession
  public Uni<Boolean> isWithinAny(long id, Collection<Long> ancestorIds) {
    return units.isWithinAny(id, ancestorIds);
  }

  /**
   * Ids of every unit in the subtrees of the active units among {@code rootIds} (retired units
   * below them included: their records stay within the subtree's reach).
   */
  @WithSession
  public Uni<List<Long>> subtreeIds(Collection<Long> rootIds) {
    return units.subtreeIds(rootIds);
  }

  /** The ids of the tree's roots (the district). */
  @WithSession
  public Uni<List<Long>> rootIds() {
    return units
        .list("parentId is null and retiredAt is null")
        .map(list -> list.stream().map(u -> u.id).toList());
  }

  @WithTransaction
  public Uni<OrgUnitView> create(OrgUnitCommands.Create cmd) {
    return units
        .findByCode(cmd.code())
        .invoke(
            existing -> {
              if (existing != null) {
                throw DomainException.conflict("org-unit.code-taken", cmd.code());
              }
            })
        .chain(() -> require(cmd.parentId()))
        .chain(parent -> insert(parent, cmd.code(), cmd.kind(), cmd.nameZh(), cmd.nameEn(), false))
        .map(OrgUnitView::of);
  }

  @WithTransaction
  public Uni<OrgUnitView> rename(long id, OrgUnitCommands.Rename cmd) {
    return require(id)
        .invoke(
            unit -> {
              unit.nameZh = cmd.nameZh().strip();
              unit.nameEn = Texts.blankToNull(cmd.nameEn());
              unit.placeholder = false;
              unit.updatedAt = OffsetDateTime.now();
            })
        .call(units::flush)
        .map(OrgUnitView::of);
  }

  @WithTransaction
  public Uni<OrgUnitView> move(long id, OrgUnitCommands.Move cmd) {
    return require(id)
        .chain(
            unit ->
                require(cmd.parentId())
                    .chain(
                        parent -> {
                          if (unit.kind == OrgUnitKind.DISTRICT) {
                            throw DomainException.rule("org-unit.root-fixed");
                          }
                          if (parent.path.startsWith(unit.path)) {
                            throw DomainException.rule("org-unit.move-into-own-subtree");
                          }
                          checkParent(unit.kind, parent);
                          String oldPath = unit.path;
                          String newPath = parent.path + unit.id + "/";
                          unit.parentId = parent.id;
                          unit.path = newPath;
                          unit.updatedAt = OffsetDateTime.now();
                          return units
                              .flush()
                              .chain(() -> units.rewritePaths(oldPath, newPath))
                              .replaceWith(unit);
                        }))
        .map(OrgUnitView::of);
  }

  @WithTransaction
  public Uni<OrgUnitView> retire(long id) {
    return require(id)
        .call(
            unit -> {
              if (unit.kind == OrgUnitKind.DISTRICT) {
                throw DomainException.rule("org-unit.root-fixed");
              }
              if (unit.isRetired()) {
                throw DomainException.conflict("org-unit.already-retired", unit.code);
              }
              return units
                  .countActiveChildren(unit.id)
                  .invoke(
                      n -> {
                        if (n > 0) {
                          throw DomainException.conflict("org-unit.has-active-children", unit.code);
                        }
                      });
            })
        .invoke(
            unit -> {
              unit.retiredAt = OffsetDateTime.now();
              unit.updatedAt = unit.retiredAt;
            })
        .call(units::flush)
        .map(OrgUnitView::of);
  }

  /**
   * Creates the seeded units that do not exist yet, parents first; existing units are left as they
   * are (an admin's rename wins over the seed file). Returns how many were created.
   */
  @WithTransaction
  public Uni<Integer> ensureSeeded(List<OrgUnitCommands.Seed> seeds) {
    Uni<Integer> created = Uni.createFrom().item(0);
    for (OrgUnitCommands.Seed seed : seeds) {
      created = created.chain(n -> ensureOne(seed).map(made -> made ? n + 1 : n));
    }
    return created;
  }

  /** The units with these ids, in tree order (unknown ids are skipped). */
  @WithSession
  public Uni<List<OrgUnitView>> byIds(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return units
        .list("id in ?1", Sort.by("code"), ids)
        .map(list -> list.stream().map(OrgUnitView::of).toList());
  }

  /** Ids of the units with these codes (unknown codes are skipped). */
  @WithSession
  public Uni<List<Long>> idsOf(Collection<String> codes) {
    return units.list("code in ?1", codes).map(list -> list.stream().map(u -> u.id).toList());
  }

  private Uni<Boolean> ensureOne(OrgUnitCommands.Seed seed) {
    return units
        .findByCode(seed.code())
        .chain(
            existing -> {
              if (existing != null) {
                return Uni.createFrom().item(false);
              }
              if (seed.parentCode() == null) {
                return insertRoot(seed).replaceWith(true);
              }
              return units
                  .findByCode(seed.parentCode())
                  .onItem()
                  .ifNull()
                  .failWith(
                      () ->
                          new IllegalStateException(
                              "Seed " + seed.code() + " names unknown parent " + seed.parentCode()))
                  .chain(
                      parent ->
                          insert(
                              parent,
                              seed.code(),
                              seed.kind(),
                              seed.nameZh(),
                              seed.nameEn(),
                              seed.placeholder()))
                  .replaceWith(true);
            });
  }

  private Uni<OrgUnit> insertRoot(OrgUnitCommands.Seed seed) {
    if (seed.kind() != OrgUnitKind.DISTRICT) {
      throw new IllegalStateException("Only the district may have no parent: " + seed.code());
    }
    OrgUnit unit =
        newUnit(seed.code(), seed.kind(), seed.nameZh(), seed.nameEn(), seed.placeholder());
    return units.persistAndFlush(unit).invoke(u -> u.path = "/" + u.id + "/").call(units::flush);
  }

  private Uni<OrgUnit> insert(
      OrgUnit parent,
      String code,
      OrgUnitKind kind,
      String nameZh,
      String nameEn,
      boolean placeholder) {
    if (parent.isRetired()) {
      throw DomainException.rule("org-unit.parent-retired", parent.code);
    }
    checkParent(kind, parent);
    OrgUnit unit = newUnit(code, kind, nameZh, nameEn, placeholder);
    unit.parentId = parent.id;
    return units
        .persistAndFlush(unit)
        .invoke(u -> u.path = parent.path + u.id + "/")
        .call(units::flush);
  }

  private static OrgUnit newUnit(
      String code, OrgUnitKind kind, String nameZh, String nameEn, boolean placeholder) {
    OrgUnit unit = new OrgUnit();
    unit.code = code;
    unit.kind = kind;
    unit.nameZh = nameZh.strip();
    unit.nameEn = Texts.blankToNull(nameEn);
    unit.placeholder = placeholder;
    // A unique temporary path until the id is known (the column is not null).
    unit.path = "/new-" + code + "/";
    unit.createdAt = OffsetDateTime.now();
    unit.updatedAt = unit.createdAt;
    return unit;
  }

  private static void checkParent(OrgUnitKind kind, OrgUnit parent) {
    if (!kind.allowedParents().contains(parent.kind)) {
      throw DomainException.rule("org-unit.parent-kind", kind, parent.kind);
    }
  }

  private Uni<OrgUnit> require(long id) {
    return units
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("org-unit", id));
  }

  private static String likeEscape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
