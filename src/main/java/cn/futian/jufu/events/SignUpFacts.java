package cn.futian.jufu.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session's facts for the sign-up's hot path, from this instance's memory (issue 18). Every
 * change to an event, on any instance, bumps the events' version in its own transaction ({@code
 * event_feed_version}); facts are kept with the version read before them, and the sign-up's
 * statement (function {@code sign_up}, migration V16) reads the version again while it holds the
 * session. A sign-up decided on facts older than a committed change is told so (STALE) and decides
 * again on facts read afresh, so a rule changed on another pod is seen before the next sign-up
 * decision. During a rush nothing changes and the facts cost no database round trip.
 */
@ApplicationScoped
public class SignUpFacts {

  /** Facts with the events' version they were read at (read before them). */
  public record Versioned(SessionFacts facts, long version) {}

  private static final int MAX_ENTRIES = 10_000;

  private final EventQueries events;
  private final EventRepository eventRows;
  private final ConcurrentHashMap<Long, Versioned> cache = new ConcurrentHashMap<>();

  SignUpFacts(EventQueries events, EventRepository eventRows) {
    this.events = events;
    this.eventRows = eventRows;
  }

  /**
   * The facts of a session: from memory unless {@code fresh}, else read now (the version first,
   * then the facts, so that a change committed in between makes them look older, never newer).
   */
  public Uni<Versioned> of(long sessionId, boolean fresh) {
    Versioned known = fresh ? null : cache.get(sessionId);
    if (known != null) {
      return Uni.createFrom().item(known);
    }
    // A Hibernate session only on a miss: a hit costs nothing but the map's look-up.
    return Panache.withSession(
            () ->
                eventRows
                    .feedVersion()
                    .chain(
                        version ->
                            events
                                .sessionFacts(sessionId)
                                .map(facts -> new Versioned(facts, version))))
        .invoke(
            read -> {
              if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
              }
              cache.put(sessionId, read);
            });
  }
}
