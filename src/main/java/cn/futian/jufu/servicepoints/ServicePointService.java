package cn.futian.jufu.servicepoints;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.members.MemberDtos.UnitRef;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.orgunits.OrgUnitView;
import cn.futian.jufu.servicepoints.ServicePointDtos.CreateServicePoint;
import cn.futian.jufu.servicepoints.ServicePointDtos.ServicePointView;
import cn.futian.jufu.servicepoints.ServicePointDtos.UpdateServicePoint;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The services directory: anyone logged in searches it (nearby, by kind, by unit subtree); the
 * cadres who manage a point's unit, and admins, maintain it.
 */
@ApplicationScoped
public class ServicePointService {

  /** The radius of a nearby search when none is given. */
  static final int DEFAULT_RADIUS_METRES = 3000;

  private final ServicePointRepository points;
  private final OrgUnitService orgUnits;
  private final AccessPolicy access;

  ServicePointService(ServicePointRepository points, OrgUnitService orgUnits, AccessPolicy access) {
    this.points = points;
    this.orgUnits = orgUnits;
    this.access = access;
  }

  /**
   * Filters of a search; every one is optional. {@code near} is "lat,lng"; the radius applies only
   * with it.
   */
  public record Filter(
      ServicePointKind kind, Long unitId, String near, Integer radiusMetres, int page, int size) {}

  @WithSession
  public Uni<Page<ServicePointView>> search(Filter f) {
    Nearby near = null;
    if (f.near() != null) {
      near =
          Nearby.parse(
              f.near(), f.radiusMetres() == null ? DEFAULT_RADIUS_METRES : f.radiusMetres());
    } else if (f.radiusMetres() != null) {
      throw DomainException.invalid("radiusMetres", "together");
    }
    Nearby nearby = near;
    Uni<?> unitKnown = f.unitId() == null ? Uni.createFrom().voidItem() : orgUnits.get(f.unitId());
    return unitKnown
        .chain(() -> points.search(f.kind(), f.unitId(), nearby, f.page() * f.size(), f.size()))
        .chain(hits -> page(hits, f));
  }

  /** Loads the points of a page of hits, keeping the order (and distances) of the search. */
  private Uni<Page<ServicePointView>> page(ServicePointRepository.Hits hits, Filter f) {
    List<Long> ids = hits.hits().stream().map(ServicePointRepository.Hit::id).toList();
    Uni<List<ServicePoint>> loaded =
        ids.isEmpty() ? Uni.createFrom().item(List.of()) : points.list("id in ?1", ids);
    return loaded.chain(
        list ->
            unitRefs(list)
                .map(
                    units -> {
                      Map<Long, ServicePoint> byId = new HashMap<>();
                      list.forEach(p -> byId.put(p.id, p));
                      List<ServicePointView> items = new ArrayList<>();
                      for (ServicePointRepository.Hit h : hits.hits()) {
                        ServicePoint p = byId.get(h.id());
                        items.add(view(p, units.get(p.unitId), rounded(h.distanceMetres())));
                      }
                      return new Page<>(items, f.page(), f.size(), hits.total());
                    }));
  }

  @WithSession
  public Uni<ServicePointView> get(long id) {
    return requireActive(id).chain(this::view);
  }

  @WithTransaction
  public Uni<ServicePointView> create(CurrentUser user, long unitId, CreateServicePoint cmd) {
    return orgUnits
        .requireActive(unitId)
        .call(() -> access.requireManage(user, unitId))
        .chain(
            unit -> {
              ServicePoint p = new ServicePoint();
              p.unitId = unitId;
              p.kind = cmd.kind();
              p.nameZh = cmd.nameZh().strip();
              p.nameEn = Texts.blankToNull(cmd.nameEn());
              p.address = Texts.blankToNull(cmd.address());
              p.openingHours = Texts.blankToNull(cmd.openingHours());
              p.phone = Texts.blankToNull(cmd.phone());
              p.lat = cmd.lat();
              p.lng = cmd.lng();
              p.tags = tags(cmd.tags());
              checkCoordinates(p);
              p.createdAt = OffsetDateTime.now();
              p.updatedAt = p.createdAt;
              return requireNameFree(p).chain(() -> points.persistAndFlush(p));
            })
        .chain(this::view);
  }

  @WithTransaction
  public Uni<ServicePointView> update(CurrentUser user, long id, UpdateServicePoint patch) {
    return requireActive(id)
        .call(p -> access.requireManage(user, p.unitId))
        .call(
            p -> {
              if (patch.kind != null) {
                p.kind = patch.kind.orElseThrow(() -> DomainException.invalid("kind", "notNull"));
              }
              if (patch.nameZh != null) {
                p.nameZh =
                    patch
                        .nameZh
                        .orElseThrow(() -> DomainException.invalid("nameZh", "notBlank"))
                        .strip();
              }
              p.nameEn = patched(patch.nameEn, p.nameEn);
              p.address = patched(patch.address, p.address);
              p.openingHours = patched(patch.openingHours, p.openingHours);
              p.phone = patched(patch.phone, p.phone);
              if (patch.lat != null) {
                p.lat = patch.lat.orElse(null);
              }
              if (patch.lng != null) {
                p.lng = patch.lng.orElse(null);
              }
              if (patch.tags != null) {
                p.tags = tags(patch.tags.orElse(null));
              }
              checkCoordinates(p);
              // The owning unit has looked at the entry: it is no longer demo data.
              p.placeholder = false;
              p.updatedAt = OffsetDateTime.now();
              return requireNameFree(p);
            })
        .call(points::flush)
        .chain(this::view);
  }

  /** Soft delete: the point leaves the directory; its row stays (and a seed does not revive it). */
  @WithTransaction
  public Uni<Void> deactivate(CurrentUser user, long id) {
    return requireActive(id)
        .call(p -> access.requireManage(user, p.unitId))
        .invoke(
            p -> {
              p.active = false;
              p.updatedAt = OffsetDateTime.now();
            })
        .call(points::flush)
        .replaceWithVoid();
  }

  /** A seed row, resolved: the unit's id and the point to create unless its key exists. */
  record SeedRow(String key, long unitId, ServicePoint point) {}

  /** Creates the seeded points whose key is not there yet; joins the caller's transaction. */
  @WithTransaction
  Uni<Integer> ensureSeeded(List<SeedRow> rows) {
    return points
        .seedKeys()
        .chain(
            existing -> {
              Uni<Integer> created = Uni.createFrom().item(0);
              Set<String> seen = new LinkedHashSet<>(existing);
              for (SeedRow row : rows) {
                if (!seen.add(row.key())) {
                  continue;
                }
                ServicePoint p = row.point();
                p.unitId = row.unitId();
                p.seedKey = row.key();
                p.createdAt = OffsetDateTime.now();
                p.updatedAt = p.createdAt;
                created = created.call(() -> points.persist(p)).map(n -> n + 1);
              }
              return created.call(points::flush);
            });
  }

  /** All units by code, for resolving seed rows (the tree is small). */
  @WithSession
  Uni<Map<String, Long>> unitIdsByCode() {
    return orgUnits
        .list(new OrgUnitService.Filter(null, null, null, true, 0, 10_000))
        .map(
            page -> {
              Map<String, Long> out = new HashMap<>();
              page.items().forEach(u -> out.put(u.code(), u.id()));
              return out;
            });
  }

  private Uni<ServicePoint> requireActive(long id) {
    return points
        .findById(id)
        .map(p -> p != null && p.active ? p : null)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("service-point", id));
  }

  private Uni<Void> requireNameFree(ServicePoint p) {
    return points
        .nameTaken(p.unitId, p.kind, p.nameZh, p.id)
        .invoke(
            taken -> {
              if (taken) {
                throw DomainException.conflict("service-point.name-taken", p.nameZh);
              }
            })
        .replaceWithVoid();
  }

  private static void checkCoordinates(ServicePoint p) {
    if (p.lat == null && p.lng != null) {
      throw DomainException.invalid("lat", "together");
    }
    if (p.lng == null && p.lat != null) {
      throw DomainException.invalid("lng", "together");
    }
  }

  private Uni<ServicePointView> view(ServicePoint p) {
    return unitRefs(List.of(p)).map(units -> view(p, units.get(p.unitId), null));
  }

  /** References to the units of these points, by unit id (one query for all). */
  private Uni<Map<Long, UnitRef>> unitRefs(List<ServicePoint> list) {
    Set<Long> unitIds = new LinkedHashSet<>();
    list.forEach(p -> unitIds.add(p.unitId));
    return orgUnits
        .byIds(unitIds)
        .map(
            units -> {
              Map<Long, UnitRef> refs = new HashMap<>();
              for (OrgUnitView u : units) {
                refs.put(u.id(), new UnitRef(u.id(), u.code(), u.nameZh(), u.nameEn()));
              }
              return refs;
            });
  }

  private static ServicePointView view(ServicePoint p, UnitRef unit, Double distanceMetres) {
    return new ServicePointView(
        p.id,
        unit,
        p.kind,
        p.nameZh,
        p.nameEn,
        p.address,
        p.openingHours,
        p.phone,
        p.lat,
        p.lng,
        List.of(p.tags),
        p.placeholder,
        distanceMetres,
        p.createdAt,
        p.updatedAt,
        p.version);
  }

  /** Distances to the decimetre: enough for "300 m away", and stable in JSON. */
  private static Double rounded(Double metres) {
    return metres == null ? null : Math.round(metres * 10) / 10.0;
  }

  private static String[] tags(List<String> tags) {
    if (tags == null) {
      return new String[0];
    }
    return tags.stream().map(String::strip).distinct().toArray(String[]::new);
  }

  private static String patched(Optional<String> value, String current) {
    return value == null ? current : Texts.blankToNull(value.orElse(null));
  }
}
