package cn.futian.jufu.members;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A member's consent to one purpose, with the version of the text they saw. */
@Entity
@Table(name = "consent")
public class Consent {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "member_id", nullable = false)
  public Long memberId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 40)
  public ConsentPurpose purpose;

  @Column(name = "text_version", nullable = false, length = 20)
  public String textVersion;

  @Column(name = "granted_at", nullable = false)
  public OffsetDateTime grantedAt;

  @Column(name = "withdrawn_at")
  public OffsetDateTime withdrawnAt;

  public boolean isActive() {
    return withdrawnAt == null;
  }
}
