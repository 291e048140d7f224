package cn.futian.jufu.members;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A member's family record: a child (with the guardian's consent) or a spouse. */
@Entity
@Table(name = "dependant")
public class Dependant {

  /** How the dependant relates to the member. */
  public enum Relation {
    CHILD,
    SPOUSE
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "member_id", nullable = false)
  public Long memberId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 10)
  public Relation relation;

  /** Encrypted in the database (AES-GCM): a child's name is minors' data. */
  @Convert(converter = EncryptedColumns.DependantName.class)
  @Column(nullable = false, length = 400)
  public String name;

  @Column(name = "birth_year", nullable = false)
  public short birthYear;

  @Enumerated(EnumType.STRING)
  @Column(length = 10)
  public Gender gender;

  @Column(name = "guardian_consent_at")
  public OffsetDateTime guardianConsentAt;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "removed_at")
  public OffsetDateTime removedAt;
}
