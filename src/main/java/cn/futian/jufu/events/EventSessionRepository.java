package cn.futian.jufu.events;

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

  Uni<List<EventSession>> ofEvents(Collection<Long> eventIds) {
    return list("eventId in ?1", Sort.by("startsAt").and("id"), eventIds);
  }
}
