package cn.futian.jufu.events;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventDtos.MyRegistration;
import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a change to an event asks of the registrations of its sessions: the one way events reach
 * registrations (issue 18: events know nothing of how registrations work). The registrations
 * feature implements it ({@code RegistrationService}); every method runs in the caller's
 * transaction.
 */
public interface SessionRegistrations {

  /** The seat pool of sessions without gender pools. */
  String ANY_POOL = "ANY";

  /** Free seats per session and pool, for the sessions listed (committed state). */
  Uni<Map<Long, Map<String, Integer>>> freeSeats(List<Long> sessionIds);

  /** The caller's active registration per session, for the sessions listed. */
  Uni<Map<Long, MyRegistration>> mine(CurrentUser user, List<Long> sessionIds);

  /** A new session's seats: {@code count} free seats in a pool. */
  Uni<Void> addSeats(long sessionId, String pool, int count);

  /**
   * A pool's capacity changed by {@code delta}: more seats promote from the waitlist at once; fewer
   * are refused (409) when they are taken.
   */
  Uni<Void> resizePool(long sessionId, String pool, int delta, long ownerUnitId);

  /** Tells every active registrant of an event (or of some of its sessions) of a change. */
  Uni<Void> notifyRegistrants(
      long eventId, Collection<Long> sessionIds, String type, Map<String, ?> payload);

  /** The event was cancelled: every active registration ends, its seats freed, people told. */
  Uni<Void> cancelAllOfEvent(long eventId, String actor, String reason);
}
