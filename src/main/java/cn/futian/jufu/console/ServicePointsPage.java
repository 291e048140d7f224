package cn.futian.jufu.console;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.orgunits.OrgUnitView;
import cn.futian.jufu.servicepoints.ServicePointDtos.CreateServicePoint;
import cn.futian.jufu.servicepoints.ServicePointDtos.ServicePointView;
import cn.futian.jufu.servicepoints.ServicePointDtos.UpdateServicePoint;
import cn.futian.jufu.servicepoints.ServicePointKind;
import cn.futian.jufu.servicepoints.ServicePointService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;

/**
 * A unit's entries in the services directory (服务阵地: women and children's homes, parent schools,
 * mother-and-baby rooms, hotlines): the list, adding, editing and removing an entry, through the
 * API's {@link ServicePointService}. Demo entries not yet checked by their unit are marked.
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class ServicePointsPage {

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance servicePoints(Chrome chrome, PointList d);

    static native TemplateInstance servicePointForm(Chrome chrome, PointForm d);
  }

  /** The entries of one unit. */
  @TemplateData
  public record PointList(
      List<OrgUnitView> units, OrgUnitView unit, Page<ServicePointView> points) {

    public boolean hasNext() {
      return (long) (points.page() + 1) * points.size() < points.total();
    }
  }

  /** The entry form: a new entry in a unit, or one to edit. */
  @TemplateData
  public record PointForm(List<OrgUnitView> units, OrgUnitView unit, ServicePointView point) {

    public List<ServicePointKind> kinds() {
      return Arrays.asList(ServicePointKind.values());
    }

    public boolean isKind(ServicePointKind k) {
      return point != null && point.kind() == k;
    }

    public String action() {
      return point == null ? "/console/service-points" : "/console/service-points/" + point.id();
    }
  }

  private final ConsoleView view;
  private final ServicePointService points;
  private final Validator validator;
  private final SecurityIdentity identity;

  ServicePointsPage(
      ConsoleView view,
      ServicePointService points,
      Validator validator,
      SecurityIdentity identity) {
    this.view = view;
    this.points = points;
    this.validator = validator;
    this.identity = identity;
  }

  @GET
  @Path("service-points")
  public Uni<TemplateInstance> list(
      @QueryParam("unit") Long unitId,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.SERVICE_POINTS);
    return view.inUnit(
        CurrentUser.of(identity),
        unitId,
        units -> Templates.servicePoints(chrome, new PointList(units, null, null)),
        (units, unit) ->
            points
                .search(
                    new ServicePointService.Filter(
                        null, unit.id(), null, null, page, EventsPage.PAGE_SIZE))
                .map(p -> Templates.servicePoints(chrome, new PointList(units, unit, p))));
  }

  @GET
  @Path("service-points/new")
  public Uni<TemplateInstance> compose(@QueryParam("unit") Long unitId, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.SERVICE_POINTS);
    return view.units(CurrentUser.of(identity))
        .map(
            units ->
                Templates.servicePointForm(
                    chrome,
                    new PointForm(
                        units, units.isEmpty() ? null : ConsoleView.pick(units, unitId), null)));
  }

  @POST
  @Path("service-points")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> create(
      @RestForm Long unitId,
      @RestForm ServicePointKind kind,
      @RestForm String nameZh,
      @RestForm String address,
      @RestForm String openingHours,
      @RestForm String phone) {
    CurrentUser user = view.require(identity, ConsolePage.SERVICE_POINTS);
    CreateServicePoint cmd =
        ConsoleForms.valid(
            validator,
            new CreateServicePoint(
                kind,
                Texts.blankToNull(nameZh),
                null,
                Texts.blankToNull(address),
                Texts.blankToNull(openingHours),
                Texts.blankToNull(phone),
                null,
                null,
                null));
    if (unitId == null) {
      throw DomainException.invalid("unitId", "notNull");
    }
    return points.create(user, unitId, cmd).map(p -> backTo(p.unit().id()));
  }

  @GET
  @Path("service-points/{id}/edit")
  public Uni<TemplateInstance> edit(@PathParam("id") @Min(1) long id, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.SERVICE_POINTS);
    CurrentUser user = CurrentUser.of(identity);
    // The entry is public; editing it is for its unit's cadres, checked here as on saving.
    return points
        .get(id)
        .call(p -> view.requireManages(user, p.unit().id()))
        .map(p -> Templates.servicePointForm(chrome, new PointForm(List.of(), null, p)));
  }

  /** Saves the entry's texts; its map point and tags stay as they are. */
  @POST
  @Path("service-points/{id}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> update(
      @PathParam("id") @Min(1) long id,
      @RestForm ServicePointKind kind,
      @RestForm String nameZh,
      @RestForm String address,
      @RestForm String openingHours,
      @RestForm String phone) {
    CurrentUser user = view.require(identity, ConsolePage.SERVICE_POINTS);
    UpdateServicePoint patch = new UpdateServicePoint();
    patch.kind = Optional.ofNullable(kind);
    patch.nameZh = Optional.ofNullable(Texts.blankToNull(nameZh));
    patch.address = Optional.ofNullable(Texts.blankToNull(address));
    patch.openingHours = Optional.ofNullable(Texts.blankToNull(openingHours));
    patch.phone = Optional.ofNullable(Texts.blankToNull(phone));
    ConsoleForms.valid(validator, patch);
    return points.update(user, id, patch).map(p -> backTo(p.unit().id()));
  }

  /** Takes the entry out of the directory (its row stays). */
  @POST
  @Path("service-points/{id}/remove")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> remove(@PathParam("id") @Min(1) long id, @RestForm Long unitId) {
    CurrentUser user = view.require(identity, ConsolePage.SERVICE_POINTS);
    return points
        .deactivate(user, id)
        .map(
            v ->
                unitId == null
                    ? Response.seeOther(URI.create("/console/service-points")).build()
                    : backTo(unitId));
  }

  private static Response backTo(long unitId) {
    return Response.seeOther(URI.create("/console/service-points?unit=" + unitId)).build();
  }
}
