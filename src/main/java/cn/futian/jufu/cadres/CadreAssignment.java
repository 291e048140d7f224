package cn.futian.jufu.cadres;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A Keycloak user appointed cadre of an org unit; revoked assignments are kept as history. */
@Entity
@Table(name = "cadre_assignment")
public class CadreAssignment {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false, length = 64)
  public String subject;

  @Column(name = "org_unit_id", nullable = false)
  public Long orgUnitId;

  @Column(name = "assigned_by", nullable = false, length = 64)
  public String assignedBy;

  @Column(name = "assigned_at", nullable = false)
  public OffsetDateTime assignedAt;

  @Column(name = "revoked_by", length = 64)
  public String revokedBy;

  @Column(name = "revoked_at")
  public OffsetDateTime revokedAt;

  public boolean isActive() {
    return revokedAt == null;
  }
}
