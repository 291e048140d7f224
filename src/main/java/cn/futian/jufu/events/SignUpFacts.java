package cn.futian.jufu.events;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session's facts for the sign-up's hot path, from this instance's memory (issue 18). Every
 * change to an event, on any instance, bumps the events' version in its own transaction ({@code
 * event_feed_version}); facts are kept with the version read before them, and the sign-up's own
 * statement on the session ({@link #holdOpen}) reads the version again. A sign-up decided on facts
 * older than a committed change is told {@link Hold#STALE} and decides again on facts read afresh,
 * so a rule changed on another pod is seen before the next sign-up decision. During a rush nothing
 * changes and the facts cost no database round trip.
 */
@ApplicationScoped
public class SignUpFacts {

  /** Facts with the events' version they were read at (read before them). */
  public record Versioned(SessionFacts facts, long version) {}

  /** What the sign-up's hold on its session found. */
  public enum Hold {
    /** Open, and the facts the sign-up decided on are current. */
    OPEN,
    /** Cancelled or no longer published. */
    CLOSED,
    /** An event changed since the facts were read: decide again on fresh facts. */
    STALE
  }

  private static final int MAX_ENTRIES = 10_000;

  private final EventService events;
  private final EventRepository eventRows;
  private final EventSessionRepository sessions;
  private final ConcurrentHashMap<Long, Versioned> cache = new ConcurrentHashMap<>();

  SignUpFacts(EventService events, EventRepository eventRows, EventSessionRepository sessions) {
    this.events = events;
    this.eventRows = eventRows;
    this.sessions = sessions;
  }

  /**
   * The facts of a session: from memory unless {@code fresh}, else read now (the version first,
   * then the facts, so that a change committed in between makes them look older, never newer).
   */
  @WithSession
  public Uni<Versioned> of(long sessionId, boolean fresh) {
    Versioned known = fresh ? null : cache.get(sessionId);
    if (known != null) {
      return Uni.createFrom().item(known);
    }
    return eventRows
        .feedVersion()
        .chain(
            version -> events.sessionFacts(sessionId).map(facts -> new Versioned(facts, version)))
        .invoke(
            read -> {
              if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
              }
              cache.put(sessionId, read);
            });
  }

  /**
   * In the sign-up's transaction: holds the session open until the commit ({@code FOR KEY SHARE}:
   * sign-ups do not wait for each other, a cancellation of the event waits for them and then lists
   * their registrations) and says whether it still is, and whether the facts read at {@code
   * version} are current. A sign-up that comes after a cancellation's lock reads the cancellation.
   */
  public Uni<Hold> holdOpen(long sessionId, long version) {
    return sessions
        .holdOpen(sessionId)
        .map(
            state -> {
              if (!state.open()) {
                return Hold.CLOSED;
              }
              if (state.version() != version) {
                cache.remove(sessionId);
                return Hold.STALE;
              }
              return Hold.OPEN;
            });
  }
}
