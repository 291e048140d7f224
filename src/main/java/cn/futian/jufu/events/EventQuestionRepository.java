package cn.futian.jufu.events;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
class EventQuestionRepository implements PanacheRepository<EventQuestion> {

  Uni<List<EventQuestion>> ofEvent(long eventId) {
    return list("eventId", Sort.by("position"), eventId);
  }
}
