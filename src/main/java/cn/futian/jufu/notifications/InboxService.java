package cn.futian.jufu.notifications;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.links.PublicLinks;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.notifications.InboxDtos.InboxItem;
import cn.futian.jufu.notifications.InboxDtos.MarkedRead;
import cn.futian.jufu.notifications.InboxDtos.UnreadCount;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The member's inbox: every notification, whether or not a push reached the phone. */
@ApplicationScoped
public class InboxService {

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

  private final MemberService members;
  private final PublicLinks links;

  InboxService(MemberService members, PublicLinks links) {
    this.members = members;
    this.links = links;
  }

  @WithTransaction
  public Uni<Page<InboxItem>> list(CurrentUser user, boolean unreadOnly, int page, int size) {
    String filter = unreadOnly ? " and n.read_at is null" : "";
    return members
        .ensureId(user)
        .chain(
            memberId ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    ITEMS + filter + " order by n.id desc limit :size offset :off",
                                    Object[].class)
                                .setParameter("m", memberId)
                                .setParameter("size", size)
                                .setParameter("off", page * size)
                                .getResultList()
                                .chain(
                                    rows ->
                                        s.createNativeQuery(
                                                "select count(*) from notification n where"
                                                    + " n.member_id = :m and n.deleted_at is null"
                                                    + filter,
                                                Long.class)
                                            .setParameter("m", memberId)
                                            .getSingleResult()
                                            .map(
                                                total ->
                                                    new Page<>(items(rows), page, size, total)))));
  }

  @WithTransaction
  public Uni<UnreadCount> unread(CurrentUser user) {
    return members
        .ensureId(user)
        .chain(
            memberId ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    "select count(*) from notification where member_id = :m"
                                        + " and deleted_at is null and read_at is null",
                                    Long.class)
                                .setParameter("m", memberId)
                                .getSingleResult()))
        .map(UnreadCount::new);
  }

  @WithTransaction
  public Uni<Void> markRead(CurrentUser user, long id) {
    return change(
        user,
        id,
        "update notification set read_at = coalesce(read_at, now()) where id = :id"
            + " and member_id = :m and deleted_at is null");
  }

  @WithTransaction
  public Uni<Void> delete(CurrentUser user, long id) {
    return change(
        user,
        id,
        "update notification set deleted_at = now() where id = :id and member_id = :m"
            + " and deleted_at is null");
  }

  @WithTransaction
  public Uni<MarkedRead> markAllRead(CurrentUser user) {
    return members
        .ensureId(user)
        .chain(
            memberId ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    "update notification set read_at = now() where member_id = :m"
                                        + " and read_at is null and deleted_at is null")
                                .setParameter("m", memberId)
                                .executeUpdate()))
        .map(n -> new MarkedRead(n));
  }

  /** Another member's notification is "not found", never "forbidden". */
  private Uni<Void> change(CurrentUser user, long id, String sql) {
    return members
        .ensureId(user)
        .chain(
            memberId ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(sql)
                                .setParameter("id", id)
                                .setParameter("m", memberId)
                                .executeUpdate()))
        .invoke(
            n -> {
              if (n == 0) {
                throw DomainException.notFound("notification", id);
              }
            })
        .replaceWithVoid();
  }

  private List<InboxItem> items(List<Object[]> rows) {
    List<InboxItem> out = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      boolean en = "en".equals(r[11]) && r[5] != null;
      out.add(
          new InboxItem(
              SqlValues.number(r[0]),
              (String) r[1],
              (String) r[2],
              (String) (en ? r[5] : r[3]),
              (String) (en ? r[6] : r[4]),
              links.app((String) r[7]),
              (Boolean) r[8],
              Times.timestamp(r[9]),
              Times.timestamp(r[10])));
    }
    return out;
  }
}
