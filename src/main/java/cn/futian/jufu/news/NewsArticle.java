package cn.futian.jufu.news;

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

/** An article a unit publishes for its members and followers. */
@Entity
@Table(name = "news_article")
public class NewsArticle {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "unit_id", nullable = false)
  public Long unitId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20)
  public NewsCategory category;

  @Column(nullable = false, length = 100)
  public String title;

  @Column(length = 300)
  public String summary;

  @Column(nullable = false, length = 20000)
  public String body;

  @Column(name = "cover_image_url", length = 500)
  public String coverImageUrl;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 12)
  public NewsStatus status;

  @Column(name = "created_by", nullable = false, length = 64)
  public String createdBy;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  @Column(name = "published_at")
  public OffsetDateTime publishedAt;

  @Column(name = "withdrawn_at")
  public OffsetDateTime withdrawnAt;

  /**
   * Only ever incremented in SQL (NewsArticleRepository#recordRead), so an edit of the article
   * never writes back a stale count.
   */
  @Column(name = "read_count", nullable = false, insertable = false, updatable = false)
  public long readCount;

  @Version public int version;
}
