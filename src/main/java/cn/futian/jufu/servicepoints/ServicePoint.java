package cn.futian.jufu.servicepoints;

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

/** A place (or a hotline) of the services directory, owned by an org unit. */
@Entity
@Table(name = "service_point")
public class ServicePoint {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "unit_id", nullable = false)
  public Long unitId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 30)
  public ServicePointKind kind;

  @Column(name = "name_zh", nullable = false, length = 100)
  public String nameZh;

  @Column(name = "name_en", length = 200)
  public String nameEn;

  @Column(length = 200)
  public String address;

  @Column(name = "opening_hours", length = 200)
  public String openingHours;

  @Column(length = 20)
  public String phone;

  /** WGS-84 latitude; null together with {@link #lng}. */
  public Double lat;

  /** WGS-84 longitude. */
  public Double lng;

  @Column(columnDefinition = "varchar(20)[]", nullable = false)
  public String[] tags = {};

  /** True while the entry is demo data, not verified by the owning unit. */
  @Column(nullable = false)
  public boolean placeholder;

  @Column(nullable = false)
  public boolean active = true;

  /** "unit code|kind|name_zh" of the seed file row this point came from; null otherwise. */
  @Column(name = "seed_key", length = 200, unique = true)
  public String seedKey;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  @Version public int version;
}
