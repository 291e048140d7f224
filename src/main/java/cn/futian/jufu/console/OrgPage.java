package cn.futian.jufu.console;

import cn.futian.jufu.cadres.AssignCadre;
import cn.futian.jufu.cadres.CadreAssignmentView;
import cn.futian.jufu.cadres.CadreService;
import cn.futian.jufu.cadres.UserDirectory;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.orgunits.OrgUnitView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The organisation for district staff: walk the tree from the district down (streets, communities,
 * women's groups), see each unit's cadres, appoint a Keycloak user as cadre of a unit by username,
 * and end an appointment. Appointing and ending go through {@link CadreService}, as in the API.
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class OrgPage {

  static final int CHILDREN = 200;
  static final int CADRES = 100;

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance org(Chrome chrome, UnitPage d);
  }

  /** One unit: where it sits, what lies below it and who runs it. */
  @TemplateData
  public record UnitPage(
      List<OrgUnitView> lineage,
      OrgUnitView unit,
      List<OrgUnitView> children,
      List<Cadre> cadres) {}

  /** An active appointment with the cadre's username when Keycloak knows it. */
  @TemplateData
  public record Cadre(CadreAssignmentView seat, String username) {

    /** The username, or the Keycloak id when Keycloak did not say. */
    public String label() {
      return username == null ? seat.subject() : username;
    }
  }

  private final ConsoleView view;
  private final OrgUnitService orgUnits;
  private final CadreService cadres;
  private final UserDirectory directory;
  private final SecurityIdentity identity;

  OrgPage(
      ConsoleView view,
      OrgUnitService orgUnits,
      CadreService cadres,
      UserDirectory directory,
      SecurityIdentity identity) {
    this.view = view;
    this.orgUnits = orgUnits;
    this.cadres = cadres;
    this.directory = directory;
    this.identity = identity;
  }

  @GET
  @Path("org")
  public Uni<TemplateInstance> unit(@QueryParam("unit") Long unitId, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.ORG);
    Uni<Long> id =
        unitId != null
            ? Uni.createFrom().item(unitId)
            : orgUnits.rootIds().map(roots -> roots.isEmpty() ? 0L : roots.get(0));
    return id.chain(orgUnits::lineage)
        .chain(
            lineage -> {
              OrgUnitView unit = lineage.get(lineage.size() - 1);
              return orgUnits
                  .list(new OrgUnitService.Filter(unit.id(), null, null, false, 0, CHILDREN))
                  .map(Page::items)
                  .chain(
                      children ->
                          cadres
                              .list(unit.id(), null, false, 0, CADRES)
                              .map(Page::items)
                              .chain(
                                  seats ->
                                      directory
                                          .usernames(
                                              seats.stream()
                                                  .map(CadreAssignmentView::subject)
                                                  .toList())
                                          .map(
                                              names ->
                                                  new UnitPage(
                                                      lineage,
                                                      unit,
                                                      children,
                                                      withNames(seats, names)))));
            })
        .map(d -> Templates.org(chrome, d));
  }

  /** Appoints the user with this username as cadre of the unit. */
  @POST
  @Path("org/cadres")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> appoint(@RestForm Long unitId, @RestForm String username) {
    CurrentUser admin = view.require(identity, ConsolePage.ORG);
    String name = Texts.blankToNull(username);
    if (unitId == null) {
      throw DomainException.invalid("unitId", "notNull");
    }
    if (name == null || name.length() > 255) {
      throw DomainException.invalid("username", "notBlank");
    }
    return directory
        .subjectOf(name)
        .chain(
            subject -> {
              if (subject == null) {
                throw DomainException.notFound("user", name);
              }
              return cadres.assign(admin, new AssignCadre(subject, unitId));
            })
        .map(seat -> backTo(seat.orgUnitId()));
  }

  /** Ends an appointment; the cadre keeps her account, not the unit. */
  @POST
  @Path("org/cadres/{id}/revoke")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> revoke(@PathParam("id") @Min(1) long id) {
    CurrentUser admin = view.require(identity, ConsolePage.ORG);
    return cadres.revoke(admin, id).map(seat -> backTo(seat.orgUnitId()));
  }

  private static List<Cadre> withNames(List<CadreAssignmentView> seats, Map<String, String> names) {
    return seats.stream().map(s -> new Cadre(s, names.get(s.subject()))).toList();
  }

  private static Response backTo(long unitId) {
    return Response.seeOther(URI.create("/console/org?unit=" + unitId)).build();
  }
}
