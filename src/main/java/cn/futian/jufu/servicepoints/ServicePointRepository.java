package cn.futian.jufu.servicepoints;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@ApplicationScoped
class ServicePointRepository implements PanacheRepository<ServicePoint> {

  /**
   * Great-circle distance in metres from (:lat, :lng) to the row, the haversine formula of the
   * events feed ({@code events/Geo}) in SQL.
   */
  private static final String DISTANCE =
      "(2 * "
          + Nearby.EARTH_RADIUS_METRES
          + " * asin(least(1.0, sqrt("
          + "power(sin(radians(sp.lat - cast(:lat as double precision)) / 2), 2)"
          + " + cos(radians(cast(:lat as double precision))) * cos(radians(sp.lat))"
          + " * power(sin(radians(sp.lng - cast(:lng as double precision)) / 2), 2)))))";

  /** One row of a search: the point's id and, in nearby searches, its distance. */
  record Hit(long id, Double distanceMetres) {}

  /** A page of hits with the number of all matches. */
  record Hits(List<Hit> hits, long total) {}

  /**
   * Active points matching the filters: of a kind, owned by a unit of a subtree, within a radius
   * (nearest first; otherwise by unit, kind and id).
   */
  Uni<Hits> search(ServicePointKind kind, Long unitId, Nearby near, int offset, int limit) {
    Map<String, Object> params = new HashMap<>();
    List<String> where = new ArrayList<>();
    where.add("sp.active");
    if (kind != null) {
      where.add("sp.kind = :kind");
      params.put("kind", kind.name());
    }
    if (unitId != null) {
      where.add(
          "sp.unit_id in (select d.id from org_unit d where d.path like"
              + " (select u.path from org_unit u where u.id = :unit) || '%')");
      params.put("unit", unitId);
    }
    if (near != null) {
      // The bounding box uses the (lat, lng) index; the exact distance decides at the edges.
      where.add("sp.lat between :minLat and :maxLat");
      params.put("minLat", near.minLat());
      params.put("maxLat", near.maxLat());
      if (near.boundsLng()) {
        where.add("sp.lng between :minLng and :maxLng");
        params.put("minLng", near.minLng());
        params.put("maxLng", near.maxLng());
      }
      params.put("lat", near.lat());
      params.put("lng", near.lng());
      params.put("radius", (double) near.radiusMetres());
    }
    String from =
        near == null
            ? "(select sp.id, sp.unit_id, cast(null as double precision) as dist"
                + " from service_point sp where "
                + String.join(" and ", where)
                + ") x"
            : "(select sp.id, sp.unit_id, "
                + DISTANCE
                + " as dist from service_point sp where "
                + String.join(" and ", where)
                + ") x where x.dist <= :radius";
    String order = near == null ? " order by x.unit_id, x.id" : " order by x.dist, x.id";
    String page = "select x.id, x.dist from " + from + order + " offset :offset limit :limit";
    String count = "select count(*) from " + from;
    return getSession()
        .chain(
            s -> {
              var pageQuery = s.createNativeQuery(page, Object[].class);
              var countQuery = s.createNativeQuery(count, Long.class);
              params.forEach(
                  (k, v) -> {
                    pageQuery.setParameter(k, v);
                    countQuery.setParameter(k, v);
                  });
              pageQuery.setParameter("offset", offset).setParameter("limit", limit);
              return pageQuery
                  .getResultList()
                  .chain(
                      rows ->
                          countQuery.getSingleResult().map(total -> new Hits(hits(rows), total)));
            });
  }

  private static List<Hit> hits(List<Object[]> rows) {
    List<Hit> out = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      Double dist = row[1] == null ? null : ((Number) row[1]).doubleValue();
      out.add(new Hit(((Number) row[0]).longValue(), dist));
    }
    return out;
  }

  /** Whether another active point of the unit has this kind and name. */
  Uni<Boolean> nameTaken(long unitId, ServicePointKind kind, String nameZh, Long exceptId) {
    return count(
            "unitId = ?1 and kind = ?2 and nameZh = ?3 and active = true and id <> ?4",
            unitId,
            kind,
            nameZh,
            exceptId == null ? -1L : exceptId)
        .map(n -> n > 0);
  }

  /** The seed keys already present (seeded points, active or not). */
  Uni<Set<String>> seedKeys() {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select seed_key from service_point where seed_key is not null",
                        String.class)
                    .getResultList())
        .map(Set::copyOf);
  }
}
