package cn.futian.jufu.events;

/** Where an event is in its life; the allowed moves are in {@link EventLifecycle}. */
public enum EventStatus {
  DRAFT,
  PENDING_APPROVAL,
  PUBLISHED,
  REGISTRATION_CLOSED,
  COMPLETED,
  CANCELLED;

  /** Residents see events from publication on (a cancelled one stays visible as cancelled). */
  public boolean visibleToResidents() {
    return this == PUBLISHED
        || this == REGISTRATION_CLOSED
        || this == COMPLETED
        || this == CANCELLED;
  }
}
