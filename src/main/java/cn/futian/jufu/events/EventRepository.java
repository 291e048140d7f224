package cn.futian.jufu.events;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
class EventRepository implements PanacheRepository<Event> {

  /** The feed cache's version, as this transaction sees it. */
  Uni<Long> feedVersion() {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select version from event_feed_version where id = 1", Long.class)
                    .getSingleResult());
  }

  /**
   * Moves the feed cache to a new version when this transaction commits (the row stays locked until
   * then, so concurrent changes are counted one after the other).
   */
  Uni<Void> bumpFeedVersion() {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "update event_feed_version set version = version + 1 where id = 1")
                    .executeUpdate())
        .replaceWithVoid();
  }

  Uni<List<Long>> audience(long eventId) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select org_unit_id from event_audience where event_id = :e order by 1",
                        Long.class)
                    .setParameter("e", eventId)
                    .getResultList());
  }

  Uni<Void> replaceAudience(long eventId, Collection<Long> unitIds) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery("delete from event_audience where event_id = :e")
                    .setParameter("e", eventId)
                    .executeUpdate()
                    .chain(
                        () ->
                            s.createNativeQuery(
                                    "insert into event_audience (event_id, org_unit_id)"
                                        + " select :e, unnest(cast(:units as bigint[]))")
                                .setParameter("e", eventId)
                                .setParameter("units", unitIds.toArray(new Long[0]))
                                .executeUpdate()))
        .replaceWithVoid();
  }

  Uni<Void> recordStatusChange(
      long eventId, EventStatus from, EventStatus to, String actor, String reason) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "insert into event_status_change (event_id, from_status, to_status, actor,"
                            + " reason) values (:e, :from, :to, :actor, :reason)")
                    .setParameter("e", eventId)
                    .setParameter("from", from == null ? null : from.name())
                    .setParameter("to", to.name())
                    .setParameter("actor", actor)
                    .setParameter("reason", reason)
                    .executeUpdate())
        .replaceWithVoid();
  }

  /**
   * Ids of visible events (published or later) with an upcoming session, whose audience contains
   * one of {@code units} (the member's unit and the units above it), newest sessions first.
   */
  Uni<List<Long>> feed(
      Collection<Long> units,
      EventKind kind,
      java.time.OffsetDateTime from,
      java.time.OffsetDateTime to,
      Long ownerUnitId,
      int offset,
      int limit) {
    StringBuilder sql =
        new StringBuilder(
            "select e.id from event e where e.status in ('PUBLISHED', 'REGISTRATION_CLOSED')"
                + " and exists (select 1 from event_audience a where a.event_id = e.id"
                + " and a.org_unit_id in (:units))"
                + " and exists (select 1 from session s where s.event_id = e.id"
                + " and s.cancelled_at is null and s.ends_at >= :from"
                + (to != null ? " and s.starts_at <= :to" : "")
                + ")");
    if (kind != null) {
      sql.append(" and e.kind = :kind");
    }
    if (ownerUnitId != null) {
      sql.append(" and e.owner_unit_id = :owner");
    }
    sql.append(
        " order by (select min(s.starts_at) from session s where s.event_id = e.id"
            + " and s.cancelled_at is null and s.ends_at >= :from), e.id"
            + " offset :offset limit :limit");
    return getSession()
        .chain(
            s -> {
              var q =
                  s.createNativeQuery(sql.toString(), Long.class)
                      .setParameter("units", units)
                      .setParameter("from", from)
                      .setParameter("offset", offset)
                      .setParameter("limit", limit);
              if (to != null) {
                q.setParameter("to", to);
              }
              if (kind != null) {
                q.setParameter("kind", kind.name());
              }
              if (ownerUnitId != null) {
                q.setParameter("owner", ownerUnitId);
              }
              return q.getResultList();
            });
  }
}
