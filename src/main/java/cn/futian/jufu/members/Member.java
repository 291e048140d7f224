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
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** A resident (or cadre) known to the service, keyed by the Keycloak user id. */
@Entity
@Table(name = "member")
public class Member {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false, unique = true, length = 64)
  public String subject;

  @Column(name = "display_name", nullable = false, length = 50)
  public String displayName;

  @Column(name = "home_unit_id")
  public Long homeUnitId;

  /** Encrypted in the database (AES-GCM). */
  @Convert(converter = EncryptedColumns.Phone.class)
  @Column(length = 200)
  public String phone;

  @Column(name = "birth_year")
  public Short birthYear;

  @Enumerated(EnumType.STRING)
  @Column(length = 10)
  public Gender gender;

  /** Encrypted in the database (AES-GCM). */
  @Convert(converter = EncryptedColumns.Marital.class)
  @Column(name = "marital_status", length = 200)
  public MaritalStatus maritalStatus;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  /** Set when the member deleted their account; the row stays as an anonymous tombstone. */
  @Column(name = "deleted_at")
  public OffsetDateTime deletedAt;

  @Version public int version;

  /** Erases the fields that need the PROFILE consent. */
  void clearProfileFields() {
    phone = null;
    birthYear = null;
    gender = null;
  }
}
