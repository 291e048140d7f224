package cn.futian.jufu.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** Where Keycloak sends the browser after logout: the session is over on both sides. */
@Path("/console/signed-out")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class SignedOutPage {

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance signedOut(ConsoleText t);
  }

  @GET
  public TemplateInstance signedOut(@Context HttpHeaders headers) {
    return Templates.signedOut(ConsoleView.text(headers));
  }
}
