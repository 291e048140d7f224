package cn.futian.jufu.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** One session (场次) of an event: when, how many seats, and how seats are given out. */
@Entity
@Table(name = "session")
public class EventSession {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "event_id", nullable = false)
  public Long eventId;

  @Column(name = "starts_at", nullable = false)
  public OffsetDateTime startsAt;

  @Column(name = "ends_at", nullable = false)
  public OffsetDateTime endsAt;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 12)
  public SignUpMode mode;

  /** Total seats; with gender pools, the sum of both. */
  @Column(nullable = false)
  public int capacity;

  @Column(name = "capacity_female")
  public Integer capacityFemale;

  @Column(name = "capacity_male")
  public Integer capacityMale;

  @Column(name = "registration_opens_at")
  public OffsetDateTime registrationOpensAt;

  /** End of sign-up; for a lottery, the end of the application window. */
  @Column(name = "registration_closes_at")
  public OffsetDateTime registrationClosesAt;

  /** Members may cancel until then (default: the start). */
  @Column(name = "cancel_deadline")
  public OffsetDateTime cancelDeadline;

  /** When set, promoted people have this long to confirm their seat. */
  @Column(name = "offer_window_minutes")
  public Integer offerWindowMinutes;

  /** Confirmed members must reconfirm 48 h to 24 h before, or their seats go to the waitlist. */
  @Column(nullable = false)
  public boolean reconfirm;

  @Column(name = "lottery_seed_hash", length = 64)
  public String lotterySeedHash;

  @Column(name = "lottery_seed", length = 64)
  public String lotterySeed;

  @Column(name = "lottery_drawn_at")
  public OffsetDateTime lotteryDrawnAt;

  @Column(name = "cancelled_at")
  public OffsetDateTime cancelledAt;

  @Version public int version;

  public boolean hasGenderPools() {
    return capacityFemale != null;
  }
}
