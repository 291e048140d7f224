package cn.futian.jufu.calendars;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A member's private calendar feed: at most one per member. Only the SHA-256 of the secret token is
 * kept, so a leaked database does not leak feed URLs.
 */
@Entity
@Table(name = "calendar_feed")
public class CalendarFeed {

  @Id
  @Column(name = "member_id")
  public Long memberId;

  /** Lower-case hex SHA-256 of the token ({@link FeedTokens#hash}). */
  @Column(name = "token_hash", nullable = false, length = 64)
  public String tokenHash;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  /** When a calendar last fetched the feed (kept to the hour, see CalendarService). */
  @Column(name = "last_used_at")
  public OffsetDateTime lastUsedAt;
}
