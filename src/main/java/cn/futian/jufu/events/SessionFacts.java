package cn.futian.jufu.events;

import java.time.OffsetDateTime;

/**
 * What the sign-up feature needs to know of a session and its event, read in one go.
 *
 * @param audienceUnitIds the event's audience (each unit with its subtree)
 */
public record SessionFacts(
    long sessionId,
    long eventId,
    long ownerUnitId,
    EventKind kind,
    EventStatus eventStatus,
    String title,
    SignUpMode mode,
    OffsetDateTime startsAt,
    OffsetDateTime endsAt,
    OffsetDateTime registrationOpensAt,
    OffsetDateTime registrationClosesAt,
    OffsetDateTime cancelDeadline,
    Integer offerWindowMinutes,
    boolean reconfirm,
    boolean genderPools,
    boolean cancelled,
    String lotterySeed,
    OffsetDateTime lotteryDrawnAt,
    Eligibility eligibility,
    java.util.List<Long> audienceUnitIds,
    java.util.List<EventQuestion> questions) {

  /** Members may cancel until the deadline, or until the start when none is set. */
  public OffsetDateTime effectiveCancelDeadline() {
    return cancelDeadline != null ? cancelDeadline : startsAt;
  }

  /** Reconfirmation opens 48 h before the start ... */
  public OffsetDateTime reconfirmOpensAt() {
    return startsAt.minusHours(48);
  }

  /** ... and closes 24 h before; unconfirmed seats are released then. */
  public OffsetDateTime reconfirmDeadline() {
    return startsAt.minusHours(24);
  }

  /** Sign-ups close at the given time, or at the start when none is set. */
  public OffsetDateTime effectiveRegistrationClose() {
    return registrationClosesAt != null ? registrationClosesAt : startsAt;
  }
}
