package cn.futian.jufu.notifications;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The member's side of the {@code notification} table: her inbox, with a campaign's texts where the
 * notification carries none of its own. Runs in the caller's session.
 */
@ApplicationScoped
class InboxRepository {

  private static final String ITEMS =
      """
      select n.id, n.category, n.type,
             coalesce(n.title_zh, c.title_zh), coalesce(n.body_zh, c.body_zh),
             coalesce(n.title_en, c.title_en), coalesce(n.body_en, c.body_en),
             coalesce(n.link, c.link), n.urgent, n.created_at, n.read_at,
             coalesce(p.language, 'zh-CN')
      from notification n
      left join campaign c on c.id = n.campaign_id
      left join notification_preference p on p.member_id = n.member_id
      where n.member_id = :m and n.deleted_at is null
      """;

  /** One notification in both languages, and the language the member reads. */
  record Item(
      long id,
      String category,
      String type,
      String titleZh,
      String bodyZh,
      String titleEn,
      String bodyEn,
      String link,
      boolean urgent,
      OffsetDateTime createdAt,
      OffsetDateTime readAt,
      String language) {}

  /** A page of the member's notifications, newest first. */
  Uni<List<Item>> page(long memberId, boolean unreadOnly, int size, int offset) {
    return Sql.records(
        ITEMS + unread(unreadOnly) + " order by n.id desc limit :size offset :off",
        InboxRepository::item,
        "m",
        memberId,
        "size",
        size,
        "off",
        offset);
  }

  Uni<Long> count(long memberId, boolean unreadOnly) {
    return Sql.first(
        "select count(*) from notification n where n.member_id = :m and n.deleted_at is null"
            + unread(unreadOnly),
        Long.class,
        "m",
        memberId);
  }

  Uni<Integer> markRead(long memberId, long id) {
    return change(
        memberId,
        id,
        "update notification set read_at = coalesce(read_at, now()) where id = :id"
            + " and member_id = :m and deleted_at is null");
  }

  /** Hides the notification from the inbox (the retention purge removes it later). */
  Uni<Integer> delete(long memberId, long id) {
    return change(
        memberId,
        id,
        "update notification set deleted_at = now() where id = :id and member_id = :m"
            + " and deleted_at is null");
  }

  Uni<Integer> markAllRead(long memberId) {
    return Sql.update(
        "update notification set read_at = now() where member_id = :m"
            + " and read_at is null and deleted_at is null",
        "m",
        memberId);
  }

  private static Uni<Integer> change(long memberId, long id, String sql) {
    return Sql.update(sql, "id", id, "m", memberId);
  }

  private static String unread(boolean unreadOnly) {
    return unreadOnly ? " and n.read_at is null" : "";
  }

  private static Item item(Object[] r) {
    return new Item(
        SqlValues.number(r[0]),
        (String) r[1],
        (String) r[2],
        (String) r[3],
        (String) r[4],
        (String) r[5],
        (String) r[6],
        (String) r[7],
        (Boolean) r[8],
        Times.timestamp(r[9]),
        Times.timestamp(r[10]),
        (String) r[11]);
  }
}
