package cn.futian.jufu.events;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.events.EventDtos.EventSummary;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ExpireArgs;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The residents' feed pages, cached in one Redis hash per feed version (field = audience +
 * filters). Every change to an event bumps the version in PostgreSQL inside its transaction
 * (EventRepository.bumpFeedVersion), so pages read before the commit land in a hash nobody reads
 * once it commits; old hashes expire with their TTL. Deleting the hash inside the transaction let a
 * read between the delete and the commit cache the old state. Redis only accelerates: on any Redis
 * error or a slow answer the feed is read from PostgreSQL (docs/adr/0002-what-redis-may-hold.md).
 */
@ApplicationScoped
class EventFeedCache {

  static final String KEY = "feed:events:v2:";
  private static final Duration REDIS_TIMEOUT = Duration.ofMillis(250);
  private static final Logger LOG = Logger.getLogger(EventFeedCache.class);
  private static final TypeReference<Page<EventSummary>> PAGE = new TypeReference<>() {};

  private final ReactiveHashCommands<String, String, String> hash;
  private final ReactiveKeyCommands<String> keys;
  private final ObjectMapper json;

  EventFeedCache(ReactiveRedisDataSource redis, ObjectMapper json) {
    this.hash = redis.hash(String.class);
    this.keys = redis.key();
    this.json = json;
  }

  static String key(List<Long> units, EventQueries.FeedFilter f) {
    return String.join(
        "|",
        units.toString(),
        String.valueOf(f.kind()),
        String.valueOf(f.from()),
        String.valueOf(f.to()),
        String.valueOf(f.ownerUnitId()),
        String.valueOf(f.nearLat()),
        String.valueOf(f.nearLng()),
        String.valueOf(f.radiusMetres()),
        f.page() + "/" + f.size());
  }

  Uni<Page<EventSummary>> get(long version, String field) {
    // The hash expires at most one TTL after its first page was put (EXPIRE NX), so pages that
    // depend on "now" are never older than the TTL.
    return hash.hget(KEY + version, field)
        .ifNoItem()
        .after(REDIS_TIMEOUT)
        .fail()
        .map(
            cached -> {
              if (cached == null) {
                return null;
              }
              try {
                return json.readValue(cached, PAGE);
              } catch (Exception unreadable) {
                return null;
              }
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.debugf("Feed cache unavailable: %s", e.toString());
              return null;
            });
  }

  Uni<Void> put(long version, String field, Page<EventSummary> page, Duration ttl) {
    String value;
    try {
      value = json.writeValueAsString(page);
    } catch (Exception e) {
      return Uni.createFrom().voidItem();
    }
    String key = KEY + version;
    return hash.hset(key, field, value)
        .chain(() -> keys.expire(key, ttl, new ExpireArgs().nx()))
        .ifNoItem()
        .after(REDIS_TIMEOUT)
        .fail()
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }
}
