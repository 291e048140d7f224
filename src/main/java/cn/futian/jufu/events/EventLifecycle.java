package cn.futian.jufu.events;

import java.util.Map;
import java.util.Set;

/**
 * The one table of lifecycle moves: from which states, to which state, and who may make them.
 *
 * <ul>
 *   <li>OWNER: a cadre who manages the event's owning unit (or an admin).
 *   <li>APPROVER: a cadre who manages the parent of the owning unit (an admin for events owned by
 *       the district), used when the kind needs approval before publishing.
 * </ul>
 */
public final class EventLifecycle {

  /** Who may make a move. */
  public enum Actor {
    OWNER,
    APPROVER
  }

  /** The moves. {@code SUBMIT} publishes, or asks for approval when the kind needs it. */
  public enum Action {
    SUBMIT,
    APPROVE,
    REJECT,
    CLOSE_REGISTRATION,
    REOPEN_REGISTRATION,
    COMPLETE,
    CANCEL
  }

  /** One row of the table. */
  public record Move(Set<EventStatus> from, EventStatus to, Actor actor) {}

  static final Map<Action, Move> TABLE =
      Map.of(
          Action.SUBMIT, new Move(Set.of(EventStatus.DRAFT), EventStatus.PUBLISHED, Actor.OWNER),
          Action.APPROVE,
              new Move(Set.of(EventStatus.PENDING_APPROVAL), EventStatus.PUBLISHED, Actor.APPROVER),
          Action.REJECT,
              new Move(Set.of(EventStatus.PENDING_APPROVAL), EventStatus.DRAFT, Actor.APPROVER),
          Action.CLOSE_REGISTRATION,
              new Move(Set.of(EventStatus.PUBLISHED), EventStatus.REGISTRATION_CLOSED, Actor.OWNER),
          Action.REOPEN_REGISTRATION,
              new Move(Set.of(EventStatus.REGISTRATION_CLOSED), EventStatus.PUBLISHED, Actor.OWNER),
          Action.COMPLETE,
              new Move(
                  Set.of(EventStatus.PUBLISHED, EventStatus.REGISTRATION_CLOSED),
                  EventStatus.COMPLETED,
                  Actor.OWNER),
          Action.CANCEL,
              new Move(
                  Set.of(
                      EventStatus.DRAFT,
                      EventStatus.PENDING_APPROVAL,
                      EventStatus.PUBLISHED,
                      EventStatus.REGISTRATION_CLOSED),
                  EventStatus.CANCELLED,
                  Actor.OWNER));

  private EventLifecycle() {}

  public static Move move(Action action) {
    return TABLE.get(action);
  }

  /**
   * The state an action leads to from {@code current}, or null when the table does not allow it.
   * SUBMIT leads to PENDING_APPROVAL instead of PUBLISHED when the kind needs approval.
   */
  public static EventStatus target(Action action, EventStatus current, boolean needsApproval) {
    Move move = TABLE.get(action);
    if (move == null || !move.from().contains(current)) {
      return null;
    }
    if (action == Action.SUBMIT && needsApproval) {
      return EventStatus.PENDING_APPROVAL;
    }
    return move.to();
  }
}
