package cn.futian.jufu.common.health;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether Redis answers. Redis only accelerates (caches, rate limits), so by default a
 * Redis outage shows as {@code redis: down} in the readiness data while the pod stays ready; with
 * {@code fulian.health.redis-required=true} it makes the pod unready instead.
 */
@Readiness
@ApplicationScoped
public class RedisHealthCheck implements AsyncHealthCheck {

  private final ReactiveRedisDataSource redis;
  private final boolean required;

  RedisHealthCheck(
      ReactiveRedisDataSource redis,
      @ConfigProperty(name = "fulian.health.redis-required") boolean required) {
    this.redis = redis;
    this.required = required;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return redis
        .execute("PING")
        .ifNoItem()
        .after(Duration.ofSeconds(1))
        .fail()
        .map(pong -> HealthCheckResponse.named("redis").up().withData("redis", "up").build())
        .onFailure()
        .recoverWithItem(
            e ->
                HealthCheckResponse.named("redis")
                    .status(!required)
                    .withData("redis", "down")
                    .withData("required", required)
                    .build());
  }
}
