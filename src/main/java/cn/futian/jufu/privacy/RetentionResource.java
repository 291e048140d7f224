package cn.futian.jufu.privacy;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/admin/retention")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Privacy administration", description = "Retention of personal data (admins)")
public class RetentionResource {

  private final RetentionService retention;

  RetentionResource(RetentionService retention) {
    this.retention = retention;
  }

  @GET
  @Operation(summary = "The retention period of each kind of personal data (ISO-8601)")
  public Map<String, String> getRetentionPolicy() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    retention.policy().forEach((kind, d) -> out.put(kind, iso(d)));
    return out;
  }

  /** P730D rather than Duration's PT17520H: retention periods are days. */
  static String iso(Duration d) {
    return d.toSeconds() % 86_400 == 0 ? "P" + d.toDays() + "D" : d.toString();
  }

  @POST
  @Path("/purge")
  @Operation(
      summary = "Run the retention purge now",
      description = "The scheduled job does the same every day; returns the rows erased per kind.")
  public Uni<Map<String, Integer>> purgeNow() {
    return retention.purge();
  }
}
