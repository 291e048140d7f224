package cn.futian.jufu.notifications;

import cn.futian.jufu.common.api.Owned;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.links.PublicLinks;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.notifications.InboxDtos.InboxItem;
import cn.futian.jufu.notifications.InboxDtos.MarkedRead;
import cn.futian.jufu.notifications.InboxDtos.UnreadCount;
import cn.futian.jufu.notifications.InboxRepository.Item;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The member's inbox: every notification, whether or not a push reached the phone. */
@ApplicationScoped
public class InboxService {

  private final MemberService members;
  private final InboxRepository inbox;
  private final PublicLinks links;

  InboxService(MemberService members, InboxRepository inbox, PublicLinks links) {
    this.members = members;
    this.inbox = inbox;
    this.links = links;
  }

  @WithTransaction
  public Uni<Page<InboxItem>> list(CurrentUser user, boolean unreadOnly, int page, int size) {
    return members
        .ensureId(user)
        .chain(
            memberId ->
                inbox
                    .page(memberId, unreadOnly, size, page * size)
                    .chain(
                        items ->
                            inbox
                                .count(memberId, unreadOnly)
                                .map(
                                    total ->
                                        new Page<>(
                                            items.stream().map(this::view).toList(),
                                            page,
                                            size,
                                            total))));
  }

  @WithTransaction
  public Uni<UnreadCount> unread(CurrentUser user) {
    return members
        .ensureId(user)
        .chain(memberId -> inbox.count(memberId, true))
        .map(UnreadCount::new);
  }

  /** Another member's notification is "not found", never "forbidden" (also for delete). */
  @WithTransaction
  public Uni<Void> markRead(CurrentUser user, long id) {
    return members
        .ensureId(user)
        .chain(memberId -> Owned.changed(inbox.markRead(memberId, id), "notification", id));
  }

  @WithTransaction
  public Uni<Void> delete(CurrentUser user, long id) {
    return members
        .ensureId(user)
        .chain(memberId -> Owned.changed(inbox.delete(memberId, id), "notification", id));
  }

  @WithTransaction
  public Uni<MarkedRead> markAllRead(CurrentUser user) {
    return members.ensureId(user).chain(inbox::markAllRead).map(MarkedRead::new);
  }

  /** In English when the member reads English and the notification has an English text. */
  private InboxItem view(Item n) {
    boolean en = "en".equals(n.language()) && n.titleEn() != null;
    return new InboxItem(
        n.id(),
        n.category(),
        n.type(),
        en ? n.titleEn() : n.titleZh(),
        en ? n.bodyEn() : n.bodyZh(),
        links.app(n.link()),
        n.urgent(),
        n.createdAt(),
        n.readAt());
  }
}
