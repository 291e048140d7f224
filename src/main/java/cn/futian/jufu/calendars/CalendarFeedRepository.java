package cn.futian.jufu.calendars;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

@ApplicationScoped
class CalendarFeedRepository implements PanacheRepositoryBase<CalendarFeed, Long> {

  Uni<CalendarFeed> findByTokenHash(String tokenHash) {
    return find("tokenHash", tokenHash).firstResult();
  }

  /**
   * Gives the member a feed with this token hash, replacing the old one: one statement, so that two
   * concurrent requests cannot both insert.
   */
  Uni<Integer> replace(long memberId, String tokenHash, OffsetDateTime at) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "insert into calendar_feed (member_id, token_hash, created_at)"
                            + " values (:m, :h, :at) on conflict (member_id) do update"
                            + " set token_hash = excluded.token_hash,"
                            + " created_at = excluded.created_at, last_used_at = null")
                    .setParameter("m", memberId)
                    .setParameter("h", tokenHash)
                    .setParameter("at", at)
                    .executeUpdate());
  }
}
