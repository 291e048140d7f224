package cn.futian.jufu.rights;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.rights.FiguresService.FiguresView;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/stats/rights")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.CASE_SUPERVISOR})
@Tag(name = "Statistics")
public class FiguresResource {

  private final FiguresService service;
  private final SecurityIdentity identity;

  FiguresResource(FiguresService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(
      summary = "Rights-protection figures (维权统计), de-identified",
      description =
          "Contacts by the annual report's headings, domestic violence, triage outcomes, cases,"
              + " referrals, orders, mediations and the settlement rate, computed from the records."
              + " Admins: the district. Supervisors: the units they supervise, with counts from 1"
              + " to 4 withheld below the district. Dates in Asia/Shanghai, both ends included;"
              + " default: the last full calendar year.")
  public Uni<FiguresView> getRightsFigures(
      @QueryParam("from") @Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}") String from,
      @QueryParam("to") @Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}") String to,
      @QueryParam("unitId") @Min(1) Long unitId) {
    int lastYear = LocalDate.now(cn.futian.jufu.common.time.Times.ZONE).getYear() - 1;
    return service.figures(
        CurrentUser.of(identity),
        date("from", from, LocalDate.of(lastYear, 1, 1)),
        date("to", to, LocalDate.of(lastYear, 12, 31)),
        unitId);
  }

  @GET
  @Path("/register")
  @Operation(
      summary = "The difficulty register today (困境妇女儿童结构分析), de-identified",
      description =
          "Women and children on the register (confirmed, not exited) by status, age band,"
              + " education, income band, situation and the units one level down, with households"
              + " and overdue visits and reviews. Admins: the district. Supervisors: the units they"
              + " supervise, with counts from 1 to 4 withheld below the district.")
  public Uni<FiguresService.RegisterAnalysis> getRegisterAnalysis(
      @QueryParam("unitId") @Min(1) Long unitId) {
    return service.register(CurrentUser.of(identity), unitId);
  }

  private static LocalDate date(String field, String text, LocalDate fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw DomainException.invalid(field, "date");
    }
  }
}
