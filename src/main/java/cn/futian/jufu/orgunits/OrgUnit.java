package cn.futian.jufu.orgunits;

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

/** A unit of the federation's tree. {@code path} holds the ids from the root: "/1/5/23/". */
@Entity
@Table(name = "org_unit")
public class OrgUnit {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false, unique = true, length = 40)
  public String code;

  @Column(name = "parent_id")
  public Long parentId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20)
  public OrgUnitKind kind;

  @Column(name = "name_zh", nullable = false, length = 100)
  public String nameZh;

  @Column(name = "name_en", length = 200)
  public String nameEn;

  @Column(nullable = false, length = 400)
  public String path;

  @Column(nullable = false)
  public boolean placeholder;

  @Column(name = "retired_at")
  public OffsetDateTime retiredAt;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  @Version public int version;

  public boolean isRetired() {
    return retiredAt != null;
  }

  /** Depth in the tree: 0 for the district. */
  public int depth() {
    return (int) path.chars().filter(c -> c == '/').count() - 2;
  }
}
