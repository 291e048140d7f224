package cn.futian.jufu.members;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.members.MemberDtos.ConsentTextVersion;
import cn.futian.jufu.members.MemberDtos.ConsentView;
import cn.futian.jufu.members.MemberDtos.GiveConsent;
import cn.futian.jufu.members.MemberDtos.MePatch;
import cn.futian.jufu.members.MemberDtos.MeView;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Me", description = "The calling member's profile and consents (我的)")
public class MeResource {

  static final String MERGE_PATCH = "application/merge-patch+json";

  private final MemberService service;
  private final SecurityIdentity identity;

  MeResource(MemberService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "My profile; the first call creates the member from the token")
  public Uni<MeView> getMe() {
    return service.me(CurrentUser.of(identity));
  }

  @PATCH
  @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
  @Operation(
      summary = "Change my profile (JSON merge patch: absent = unchanged, null = cleared)",
      description = "Phone, birth year and gender need an active consent for purpose PROFILE.")
  public Uni<MeView> updateMe(@NotNull @Valid MePatch body) {
    return service.update(CurrentUser.of(identity), body);
  }

  @GET
  @Path("/consents")
  @Operation(summary = "My consents, active and withdrawn (history kept)")
  public Uni<List<ConsentView>> listMyConsents() {
    return service.consents(CurrentUser.of(identity));
  }

  @GET
  @Path("/consent-texts")
  @Operation(summary = "The current version of each consent text, to show before asking")
  public List<ConsentTextVersion> listConsentTexts() {
    return service.currentConsentTexts();
  }

  @POST
  @Path("/consents")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Give consent to a purpose, for the text version I was shown")
  public Uni<ConsentView> giveConsent(@NotNull @Valid GiveConsent body) {
    return service.giveConsent(CurrentUser.of(identity), body);
  }

  @GET
  @Path("/dependants")
  @Operation(summary = "My family record: children and spouse")
  public Uni<List<MemberDtos.DependantView>> listMyDependants() {
    return service.dependants(CurrentUser.of(identity));
  }

  @POST
  @Path("/dependants")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Add a child or spouse to my family record",
      description = "A child needs my active MINORS consent (the guardian's consent).")
  public Uni<MemberDtos.DependantView> addMyDependant(
      @NotNull @Valid MemberDtos.AddDependant body) {
    return service.addDependant(CurrentUser.of(identity), body);
  }

  @DELETE
  @Path("/dependants/{id}")
  @Operation(summary = "Remove someone from my family record (their data is erased)")
  public Uni<Void> removeMyDependant(
      @PathParam("id") @jakarta.validation.constraints.Min(1) long id) {
    return service.removeDependant(CurrentUser.of(identity), id);
  }

  @DELETE
  @Path("/consents/{purpose}")
  @Operation(summary = "Withdraw a consent; the data that needed it is erased")
  public Uni<ConsentView> withdrawConsent(@PathParam("purpose") ConsentPurpose purpose) {
    return service.withdrawConsent(CurrentUser.of(identity), purpose);
  }
}
