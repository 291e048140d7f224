package cn.futian.jufu.privacy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the service holds about a member outside the member row, as SQL per section of the
 * export ({@code :m} is the member id). A new table with personal data adds its section here and
 * its erasure in {@link AccountService#erase}; {@code MyDataExportTest} checks both.
 */
final class MyDataSections {

  private MyDataSections() {}

  static final Map<String, String> SQL = new LinkedHashMap<>();

  static {
    SQL.put(
        "registrations",
        "select r.id, e.id as \"eventId\", e.title as \"eventTitle\", s.id as \"sessionId\","
            + " s.starts_at as \"startsAt\", s.ends_at as \"endsAt\", r.status, r.pool, r.seats,"
            + " r.waitlist_seq as \"waitlistSeq\", r.answers, r.created_at as \"createdAt\","
            + " r.updated_at as \"updatedAt\" from registration r"
            + " join session s on s.id = r.session_id join event e on e.id = s.event_id"
            + " where r.member_id = :m order by r.id");
    SQL.put(
        "registrationHistory",
        "select c.registration_id as \"registrationId\", c.from_status as \"from\","
            + " c.to_status as \"to\", c.reason, c.at from registration_status_change c"
            + " join registration r on r.id = c.registration_id where r.member_id = :m"
            + " order by c.id");
    SQL.put(
        "attendance",
        "select session_id as \"sessionId\", registration_id as \"registrationId\", persons,"
            + " method, recorded_at as \"recordedAt\" from attendance where member_id = :m"
            + " order by id");
    SQL.put(
        "noShows",
        "select session_id as \"sessionId\", kind, session_ended_at as \"sessionEndedAt\","
            + " waived_at as \"waivedAt\", waive_reason as \"waiveReason\" from no_show"
            + " where member_id = :m order by session_ended_at");
    SQL.put(
        "notifications",
        "select id, category, type, title_zh as \"titleZh\", body_zh as \"bodyZh\","
            + " title_en as \"titleEn\", body_en as \"bodyEn\", link, created_at as \"createdAt\","
            + " read_at as \"readAt\", pushed_at as \"pushedAt\", deleted_at as \"deletedAt\""
            + " from notification where member_id = :m order by id");
    SQL.put(
        "pushDeliveries",
        "select channel, outcome, error_code as \"errorCode\", attempted_at as \"attemptedAt\""
            + " from delivery_attempt where member_id = :m order by id");
    SQL.put(
        "notificationPreferences",
        "select reminders, campaigns_opted_in_at as \"campaignsOptedInAt\", quiet_enabled as"
            + " \"quietEnabled\", quiet_start as \"quietStart\", quiet_end as \"quietEnd\","
            + " language, updated_at as \"updatedAt\" from notification_preference"
            + " where member_id = :m");
    SQL.put(
        "devices",
        "select platform, app_version as \"appVersion\", locale, left(token, 12) || '…' as"
            + " \"tokenStart\", created_at as \"createdAt\", last_seen_at as \"lastSeenAt\""
            + " from device where member_id = :m order by id");
    SQL.put(
        "wechat",
        "select openid, unionid, bound_at as \"boundAt\" from wechat_binding where member_id = :m");
    SQL.put(
        "wechatSubscriptions",
        "select template_key as \"templateKey\", remaining, updated_at as \"updatedAt\""
            + " from wechat_subscription where member_id = :m order by template_key");
    SQL.put(
        "follows",
        "select u.code, u.name_zh as \"nameZh\", f.followed_at as \"followedAt\""
            + " from member_follow f join org_unit u on u.id = f.org_unit_id"
            + " where f.member_id = :m order by u.code");
    SQL.put("interests", "select kind from member_interest where member_id = :m order by kind");
    SQL.put(
        "newsRead",
        "select a.id as \"articleId\", a.title, r.read_at as \"readAt\" from news_read r"
            + " join news_article a on a.id = r.article_id where r.member_id = :m"
            + " order by r.read_at");
    // Who looked at my data: roles and purpose, not the cadres' identities.
    SQL.put(
        "accessLog",
        "select at, action, actor_roles as \"actorRoles\", outcome from audit_log"
            + " where (member_id = :m or (detail -> 'memberIds') @> jsonb_build_array(cast(:m as"
            + " bigint))) order by id");
    SQL.put(
        "calendarFeed",
        "select created_at as \"createdAt\", last_used_at as \"lastUsedAt\" from calendar_feed"
            + " where member_id = :m");
  }
}
