package cn.futian.jufu.campaigns;

import cn.futian.jufu.campaigns.CampaignDtos.AudienceEstimate;
import cn.futian.jufu.campaigns.CampaignDtos.AudienceQuery;
import cn.futian.jufu.campaigns.CampaignDtos.CampaignView;
import cn.futian.jufu.campaigns.CampaignDtos.CreateCampaign;
import cn.futian.jufu.campaigns.CampaignDtos.DryRun;
import cn.futian.jufu.campaigns.CampaignDtos.Report;
import cn.futian.jufu.campaigns.CampaignDtos.Status;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/campaigns")
@RolesAllowed({Roles.CADRE, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(
    name = "Campaigns",
    description =
        "Push campaigns to residents: cadres for their own subtree, admins district-wide (推送)")
public class CampaignResource {

  private final CampaignService service;
  private final CampaignDryRun dryRun;
  private final CampaignJobs jobs;
  private final SecurityIdentity identity;

  CampaignResource(
      CampaignService service,
      CampaignDryRun dryRun,
      CampaignJobs jobs,
      SecurityIdentity identity) {
    this.service = service;
    this.dryRun = dryRun;
    this.jobs = jobs;
    this.identity = identity;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a campaign (a draft)",
      description =
          "The audience must lie within the owner unit's subtree; district-wide audiences need an"
              + " admin. Texts are checked against FCM's 4 KB payload limit.")
  @APIResponse(
      responseCode = "201",
      description = "The draft",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CampaignView.class)))
  public Uni<Response> createCampaign(@NotNull @Valid CreateCampaign body) {
    return service
        .create(CurrentUser.of(identity), body)
        .map(
            c ->
                Response.created(URI.create("/campaigns/" + c.id()))
                    .entity(c)
                    .type(MediaType.APPLICATION_JSON)
                    .build());
  }

  @GET
  @Operation(summary = "Campaigns of the units I manage (all for admins), newest first")
  public Uni<Page<CampaignView>> listCampaigns(
      @QueryParam("ownerUnitId") @Min(1) Long ownerUnitId,
      @QueryParam("status") Status status,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    return service.list(CurrentUser.of(identity), ownerUnitId, status, page, size);
  }

  @POST
  @Path("/audience-estimate")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "How many members an audience reaches, before creating a campaign")
  public Uni<AudienceEstimate> estimateAudience(@NotNull @Valid AudienceQuery body) {
    return service.estimate(CurrentUser.of(identity), body);
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A campaign with its progress")
  public Uni<CampaignView> getCampaign(@PathParam("id") @Min(1) long id) {
    return service.get(CurrentUser.of(identity), id);
  }

  @POST
  @Path("/{id}/dry-run")
  @Operation(
      summary = "Dry run: audience, payload size, and FCM's check of a sample (nothing is sent)")
  public Uni<DryRun> dryRunCampaign(@PathParam("id") @Min(1) long id) {
    return dryRun.run(CurrentUser.of(identity), id);
  }

  @POST
  @Path("/{id}/send")
  @Operation(
      summary = "Send a draft: now, or at its sendAt",
      description =
          "The audience is fixed when sending starts: members who opted in to campaigns by then.")
  public Uni<CampaignView> sendCampaign(@PathParam("id") @Min(1) long id) {
    return service.send(CurrentUser.of(identity), id).invoke(jobs::wake);
  }

  @POST
  @Path("/{id}/pause")
  @Operation(summary = "Pause a running or scheduled campaign (batches in flight finish)")
  public Uni<CampaignView> pauseCampaign(@PathParam("id") @Min(1) long id) {
    return service.pause(CurrentUser.of(identity), id);
  }

  @POST
  @Path("/{id}/resume")
  @Operation(summary = "Resume a paused campaign")
  public Uni<CampaignView> resumeCampaign(@PathParam("id") @Min(1) long id) {
    return service.resume(CurrentUser.of(identity), id).invoke(jobs::wake);
  }

  @POST
  @Path("/{id}/cancel")
  @Operation(summary = "Cancel a campaign; what was sent stays sent")
  public Uni<CampaignView> cancelCampaign(@PathParam("id") @Min(1) long id) {
    return service.cancel(CurrentUser.of(identity), id);
  }

  @GET
  @Path("/{id}/report")
  @Operation(summary = "Progress or final report: counts, failures by error code, rate")
  public Uni<Report> getCampaignReport(@PathParam("id") @Min(1) long id) {
    return service.report(CurrentUser.of(identity), id);
  }
}
