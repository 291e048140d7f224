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
   * sign-up that holds one of them open (function {@code sign_up}, migration V16) and makes later
   * ones wait, so a cancellation that takes it first sees every registration that will ever exist
   * on them.
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

  Uni<List<EventSession>> ofEvents(Collection<Long> eventIds) {
    return list("eventId in ?1", Sort.by("startsAt").and("id"), eventIds);
  }
}
