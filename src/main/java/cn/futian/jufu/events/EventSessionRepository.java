package cn.futian.jufu.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
class EventSessionRepository implements PanacheRepository<EventSession> {

  Uni<List<EventSession>> ofEvent(long eventId) {
    return list("eventId", Sort.by("startsAt").and("id"), eventId);
  }

  /**
   * Locks an event's sessions ({@code FOR UPDATE}) until the transaction ends. It waits for every
   * sign-up that holds one of them open ({@link #holdOpen}) and makes later ones wait, so a
   * cancellation that takes it first sees every registration that will ever exist on them.
   */
  Uni<Void> lockOfEvent(long eventId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select id from session where event_id = :e order by id for update",
                        Long.class)
                    .setParameter("e", eventId)
                    .getResultList())
        .replaceWithVoid();
  }

  /** Whether a session is open for sign-ups, and the events' version, as one statement read. */
  record OpenState(boolean open, long version) {}

  /**
   * Holds a session open for a sign-up until the transaction ends ({@code FOR KEY SHARE}: sign-ups
   * do not wait for each other, a cancellation waits for them) and reads whether it is still open,
   * with the events' version. A cancellation that locked it first is waited for, and its outcome is
   * what this reads.
   */
  Uni<OpenState> holdOpen(long sessionId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select s.cancelled_at is null and e.status = 'PUBLISHED',"
                            + " (select version from event_feed_version where id = 1)"
                            + " from session s join event e on e.id = s.event_id where s.id = :s"
                            + " for key share of s",
                        Object[].class)
                    .setParameter("s", sessionId)
                    .getResultList())
        .map(
            rows ->
                rows.isEmpty()
                    ? new OpenState(false, -1)
                    : new OpenState(
                        Boolean.TRUE.equals(rows.get(0)[0]),
                        ((Number) rows.get(0)[1]).longValue()));
  }

  Uni<List<EventSession>> ofEvents(Collection<Long> eventIds) {
    return list("eventId in ?1", Sort.by("startsAt").and("id"), eventIds);
  }
}
