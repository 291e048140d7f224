package cn.futian.jufu.notifications;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.notifications.InboxDtos.InboxItem;
import cn.futian.jufu.notifications.InboxDtos.MarkedRead;
import cn.futian.jufu.notifications.InboxDtos.UnreadCount;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/me/inbox")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class InboxResource {

  private final InboxService service;
  private final SecurityIdentity identity;

  InboxResource(InboxService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "My notifications, newest first")
  public Uni<Page<InboxItem>> listMyInbox(
      @QueryParam("unread") @DefaultValue("false") boolean unread,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    return service.list(CurrentUser.of(identity), unread, page, size);
  }

  @GET
  @Path("/unread-count")
  @Operation(summary = "How many of my notifications are unread (the badge)")
  public Uni<UnreadCount> countMyUnread() {
    return service.unread(CurrentUser.of(identity));
  }

  @POST
  @Path("/{id}/read")
  @Operation(summary = "Mark one notification read (idempotent)")
  public Uni<Void> markRead(@PathParam("id") @Min(1) long id) {
    return service.markRead(CurrentUser.of(identity), id);
  }

  @POST
  @Path("/read-all")
  @Operation(summary = "Mark all my notifications read")
  public Uni<MarkedRead> markAllRead() {
    return service.markAllRead(CurrentUser.of(identity));
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Remove a notification from my inbox")
  public Uni<Void> deleteNotification(@PathParam("id") @Min(1) long id) {
    return service.delete(CurrentUser.of(identity), id);
  }
}
