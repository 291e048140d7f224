package cn.futian.jufu.registrations;

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
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A member's sign-up (报名) for one session, possibly with children (a family entry). */
@Entity
@Table(name = "registration")
public class Registration {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "session_id", nullable = false)
  public Long sessionId;

  @Column(name = "member_id", nullable = false)
  public Long memberId;

  /** The seat pool: ANY, or FEMALE/MALE in gender-balanced sessions. */
  @Column(nullable = false, length = 6)
  public String pool;

  /** Seats the entry needs: the member plus the children signed up with them. */
  @Column(nullable = false)
  public short seats;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 12)
  public RegistrationStatus status;

  /** Order of arrival on the waitlist (a database sequence). */
  @Column(name = "waitlist_seq")
  public Long waitlistSeq;

  @Column(name = "offer_expires_at")
  public OffsetDateTime offerExpiresAt;

  @Column(name = "lottery_weight")
  public Double lotteryWeight;

  @Column(name = "lottery_rank")
  public Integer lotteryRank;

  /** When the member reconfirmed (sessions that ask for it). */
  @Column(name = "reconfirmed_at")
  public OffsetDateTime reconfirmedAt;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb")
  public Map<String, Object> answers;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  @Version public int version;
}
