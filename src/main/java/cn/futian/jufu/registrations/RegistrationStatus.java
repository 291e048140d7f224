package cn.futian.jufu.registrations;

import java.util.Set;

/** Where a sign-up stands. */
public enum RegistrationStatus {
  /** Approval mode: waiting for a cadre. */
  PENDING,
  /** Lottery mode: applied, waiting for the draw. */
  APPLIED,
  /** Holds its seats. */
  CONFIRMED,
  /** Promoted from the waitlist, holds its seats, must confirm before the offer expires. */
  OFFERED,
  /** Waiting for a seat, in order of arrival (or of the draw). */
  WAITLISTED,
  REJECTED,
  CANCELLED;

  public static final Set<RegistrationStatus> ACTIVE =
      Set.of(PENDING, APPLIED, CONFIRMED, OFFERED, WAITLISTED);

  public boolean isActive() {
    return ACTIVE.contains(this);
  }

  public boolean holdsSeats() {
    return this == CONFIRMED || this == OFFERED;
  }
}
