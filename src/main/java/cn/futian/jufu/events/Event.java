package cn.futian.jufu.events;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** An activity published by a unit: one or more sessions, an audience, eligibility rules. */
@Entity
@Table(name = "event")
public class Event {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "owner_unit_id", nullable = false)
  public Long ownerUnitId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 30)
  public EventKind kind;

  @Enumerated(EnumType.STRING)
  @Column(name = "course_category", length = 30)
  public CourseCategory courseCategory;

  @Column(nullable = false, length = 60)
  public String title;

  @Column(nullable = false, length = 5000)
  public String description;

  @Column(name = "venue_address", length = 200)
  public String venueAddress;

  @Column(name = "venue_lat")
  public Double venueLat;

  @Column(name = "venue_lng")
  public Double venueLng;

  @Column(name = "cover_image_url", length = 500)
  public String coverImageUrl;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 25)
  public EventStatus status;

  @Embedded public Eligibility eligibility = new Eligibility();

  /** Minutes before each session when registrants are reminded (default 24 h and 2 h). */
  @Column(name = "reminder_offsets_minutes", columnDefinition = "_int4", nullable = false)
  public Integer[] reminderOffsetsMinutes = {1440, 120};

  @Column(name = "created_by", nullable = false, length = 64)
  public String createdBy;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  @Column(name = "published_at")
  public OffsetDateTime publishedAt;

  @Version public int version;
}
