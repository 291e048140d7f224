package cn.futian.jufu.console;

import cn.futian.jufu.campaigns.CampaignDryRun;
import cn.futian.jufu.campaigns.CampaignDtos;
import cn.futian.jufu.campaigns.CampaignDtos.Audience;
import cn.futian.jufu.campaigns.CampaignDtos.AudienceEstimate;
import cn.futian.jufu.campaigns.CampaignDtos.CampaignView;
import cn.futian.jufu.campaigns.CampaignDtos.CreateCampaign;
import cn.futian.jufu.campaigns.CampaignDtos.DryRun;
import cn.futian.jufu.campaigns.CampaignDtos.Report;
import cn.futian.jufu.campaigns.CampaignDtos.Status;
import cn.futian.jufu.campaigns.CampaignService;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.events.EventKind;
import cn.futian.jufu.orgunits.OrgUnitView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Push campaigns: the list, composing with an audience estimate, the dry run, send / pause / resume
 * / cancel, progress live over server-sent events, and the report, all through {@link
 * CampaignService} with the signed-in cadre as the caller.
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class CampaignsPage {

  static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
  static final Duration PROGRESS_FOR_AT_MOST = Duration.ofMinutes(30);
  static final Set<Status> FINAL = EnumSet.of(Status.COMPLETED, Status.CANCELLED);

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance campaigns(Chrome chrome, CampaignList d);

    static native TemplateInstance campaignNew(Chrome chrome, Compose d);

    static native TemplateInstance campaignEstimate(Chrome chrome, AudienceEstimate estimate);

    static native TemplateInstance campaign(Chrome chrome, CampaignPage d);

    static native TemplateInstance campaign$progress(Chrome chrome, CampaignView c);

    static native TemplateInstance campaignDryRun(Chrome chrome, DryRun dry);
  }

  /** Campaigns of one unit. */
  @TemplateData
  public record CampaignList(List<OrgUnitView> units, OrgUnitView unit, Page<CampaignView> items) {}

  /** The compose form. */
  @TemplateData
  public record Compose(List<OrgUnitView> units, OrgUnitView unit, List<EventKind> kinds) {}

  /** One campaign, its report once it has started. */
  @TemplateData
  public record CampaignPage(CampaignView c, Report report) {

    public boolean live() {
      return !FINAL.contains(c.status());
    }

    public boolean draft() {
      return c.status() == Status.DRAFT;
    }

    /** The moves its status allows (the service checks them again). */
    public List<String> actions() {
      return switch (c.status()) {
        case DRAFT -> List.of("send", "cancel");
        case SCHEDULED, RUNNING -> List.of("pause", "cancel");
        case PAUSED -> List.of("resume", "cancel");
        default -> List.of();
      };
    }
  }

  private final ConsoleView view;
  private final CampaignService campaigns;
  private final CampaignDryRun dryRuns;
  private final Validator validator;
  private final SecurityIdentity identity;

  CampaignsPage(
      ConsoleView view,
      CampaignService campaigns,
      CampaignDryRun dryRuns,
      Validator validator,
      SecurityIdentity identity) {
    this.view = view;
    this.campaigns = campaigns;
    this.dryRuns = dryRuns;
    this.validator = validator;
    this.identity = identity;
  }

  @GET
  @Path("campaigns")
  public Uni<TemplateInstance> list(
      @QueryParam("unit") Long unitId,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.CAMPAIGNS);
    CurrentUser user = CurrentUser.of(identity);
    return view.inUnit(
        user,
        unitId,
        units -> Templates.campaigns(chrome, new CampaignList(units, null, null)),
        (units, unit) ->
            campaigns
                .list(user, unit.id(), null, page, 20)
                .map(p -> Templates.campaigns(chrome, new CampaignList(units, unit, p))));
  }

  @GET
  @Path("campaigns/new")
  public Uni<TemplateInstance> compose(@QueryParam("unit") Long unitId, HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.CAMPAIGNS);
    return view.units(CurrentUser.of(identity))
        .map(
            units ->
                Templates.campaignNew(
                    chrome,
                    new Compose(
                        units,
                        units.isEmpty() ? null : ConsoleView.pick(units, unitId),
                        Arrays.asList(EventKind.values()))));
  }

  /** The campaign form's fields. */
  public static class Form {
    @RestForm public Long ownerUnitId;
    @RestForm public Long audienceUnitId;
    @RestForm public Long followersOf;
    @RestForm public List<EventKind> kinds;
    @RestForm public CampaignDtos.AudienceRole role;
    @RestForm public String titleZh;
    @RestForm public String bodyZh;
    @RestForm public String titleEn;
    @RestForm public String bodyEn;
    @RestForm public String link;
    @RestForm public String sendAt;
    @RestForm public Integer perMinute;

    Audience audience() {
      return new Audience(
          audienceUnitId,
          followersOf,
          kinds == null || kinds.isEmpty() ? null : EnumSet.copyOf(kinds),
          null,
          null,
          role);
    }
  }

  @POST
  @Path("campaigns/estimate")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<TemplateInstance> estimate(Form form, HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.CAMPAIGNS);
    CampaignDtos.AudienceQuery q =
        ConsoleForms.valid(
            validator, new CampaignDtos.AudienceQuery(form.ownerUnitId, form.audience()));
    return campaigns
        .estimate(CurrentUser.of(identity), q)
        .map(e -> Templates.campaignEstimate(chrome, e));
  }

  @POST
  @Path("campaigns")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> create(Form form) {
    CurrentUser user = view.require(identity, ConsolePage.CAMPAIGNS);
    CreateCampaign cmd =
        ConsoleForms.valid(
            validator,
            new CreateCampaign(
                form.ownerUnitId,
                Texts.blankToNull(form.titleZh),
                Texts.blankToNull(form.bodyZh),
                Texts.blankToNull(form.titleEn),
                Texts.blankToNull(form.bodyEn),
                Texts.blankToNull(form.link),
                form.audience(),
                ConsoleForms.shanghaiTime("sendAt", form.sendAt),
                form.perMinute));
    return campaigns
        .create(user, cmd)
        .map(c -> Response.seeOther(URI.create("/console/campaigns/" + c.id())).build());
  }

  @GET
  @Path("campaigns/{id}")
  public Uni<TemplateInstance> campaign(@PathParam("id") @Min(1) long id, HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.CAMPAIGNS);
    CurrentUser user = CurrentUser.of(identity);
    return campaigns
        .get(user, id)
        .chain(
            c ->
                c.startedAt() == null
                    ? Uni.createFrom().item(new CampaignPage(c, null))
                    : campaigns.report(user, id).map(r -> new CampaignPage(c, r)))
        .map(d -> Templates.campaign(chrome, d));
  }

  @POST
  @Path("campaigns/{id}/dry-run")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<TemplateInstance> dryRun(@PathParam("id") @Min(1) long id, HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.CAMPAIGNS);
    return dryRuns
        .run(CurrentUser.of(identity), id)
        .map(dry -> Templates.campaignDryRun(chrome, dry));
  }

  @POST
  @Path("campaigns/{id}/{action:send|pause|resume|cancel}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> act(@PathParam("id") @Min(1) long id, @PathParam("action") String action) {
    CurrentUser user = view.require(identity, ConsolePage.CAMPAIGNS);
    Uni<CampaignView> done =
        switch (action) {
          case "send" -> campaigns.send(user, id);
          case "pause" -> campaigns.pause(user, id);
          case "resume" -> campaigns.resume(user, id);
          default -> campaigns.cancel(user, id);
        };
    return done.map(c -> Response.seeOther(URI.create("/console/campaigns/" + c.id())).build());
  }

  /**
   * The campaign's progress, live: an event {@code progress} with the progress block every second
   * until the campaign is completed or cancelled (then one last time), for at most half an hour.
   * Each read goes through {@link CampaignService#get}, on the request's Vert.x context.
   */
  @GET
  @Path("campaigns/{id}/progress")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> progress(
      @PathParam("id") @Min(1) long id, HttpHeaders h, Sse sse) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.CAMPAIGNS);
    CurrentUser user = CurrentUser.of(identity);
    Context context = Vertx.currentContext();
    long until = System.nanoTime() + PROGRESS_FOR_AT_MOST.toNanos();
    return Multi.createFrom()
        .<CampaignView>emitter(
            emitter -> {
              long[] timer = new long[1];
              Runnable tick =
                  () ->
                      campaigns
                          .get(user, id)
                          .subscribe()
                          .with(
                              c -> {
                                emitter.emit(c);
                                if (FINAL.contains(c.status()) || System.nanoTime() > until) {
                                  context.owner().cancelTimer(timer[0]);
                                  emitter.complete();
                                }
                              },
                              e -> {
                                context.owner().cancelTimer(timer[0]);
                                emitter.fail(e);
                              });
              context.runOnContext(
                  v -> {
                    timer[0] =
                        context.owner().setPeriodic(0, PROGRESS_EVERY.toMillis(), t -> tick.run());
                  });
              emitter.onTermination(() -> context.owner().cancelTimer(timer[0]));
            })
        .map(
            c ->
                sse.newEventBuilder()
                    .name("progress")
                    .data(Templates.campaign$progress(chrome, c).render().replace('\n', ' '))
                    .build());
  }
}
