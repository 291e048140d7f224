package cn.futian.jufu.campaigns;

import cn.futian.jufu.campaigns.CampaignDtos.Audience;
import cn.futian.jufu.campaigns.CampaignDtos.AudienceEstimate;
import cn.futian.jufu.campaigns.CampaignDtos.AudienceQuery;
import cn.futian.jufu.campaigns.CampaignDtos.CampaignView;
import cn.futian.jufu.campaigns.CampaignDtos.CreateCampaign;
import cn.futian.jufu.campaigns.CampaignDtos.Report;
import cn.futian.jufu.campaigns.CampaignDtos.Status;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.Problem;
import cn.futian.jufu.common.error.ProblemCode;
import cn.futian.jufu.common.security.CurrentUser;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Campaigns: who may send what to whom, their lifecycle, and the start of the fan-out (the audience
 * cut into batches in PostgreSQL, which {@link CampaignSender} workers claim).
 */
@ApplicationScoped
public class CampaignService {

  private final CampaignAccess access;
  private final CampaignRepository campaigns;
  private final CampaignConfig config;
  private final CampaignPayload payload;

  CampaignService(
      CampaignAccess access,
      CampaignRepository campaigns,
      CampaignConfig config,
      CampaignPayload payload) {
    this.access = access;
    this.campaigns = campaigns;
    this.config = config;
    this.payload = payload;
  }

  @WithTransaction
  public Uni<CampaignView> create(CurrentUser user, CreateCampaign cmd) {
    validate(cmd);
    return access
        .requireCompose(user, cmd.ownerUnitId(), cmd.audience())
        .chain(() -> campaigns.insertDraft(cmd, user.subject()))
        .chain(this::view);
  }

  @WithSession
  public Uni<CampaignView> get(CurrentUser user, long id) {
    return requireManaged(user, id);
  }

  @WithSession
  public Uni<Page<CampaignView>> list(
      CurrentUser user, Long ownerUnitId, Status status, int page, int size) {
    return access
        .listRoots(user, ownerUnitId)
        .chain(
            roots -> {
              if (roots.isEmpty() && !user.isAdmin()) {
                return Uni.createFrom().item(new Page<CampaignView>(List.of(), page, size, 0));
              }
              return campaigns
                  .page(status, roots, size, page * size)
                  .chain(
                      items ->
                          campaigns
                              .count(status, roots)
                              .map(total -> new Page<>(items, page, size, total)));
            });
  }

  @WithSession
  public Uni<AudienceEstimate> estimate(CurrentUser user, AudienceQuery q) {
    return access
        .requireCompose(user, q.ownerUnitId(), q.audience())
        .chain(() -> estimate(q.audience(), q.ownerUnitId()));
  }

  /** Counts of an audience: all, opted in, with an FCM device, with WeChat only. */
  Uni<AudienceEstimate> estimate(Audience audience, long ownerUnitId) {
    return campaigns.estimate(AudienceQuerySql.of(audience, ownerUnitId));
  }

  /** Up to {@code limit} device tokens of the campaign's audience (for a dry run). */
  Uni<List<String>> sampleTokens(CampaignView c, int limit) {
    return campaigns.sampleTokens(AudienceQuerySql.of(c.audience(), c.ownerUnitId()), limit);
  }

  /** Sends now, or at its time when that is in the future. */
  @WithTransaction
  public Uni<CampaignView> send(CurrentUser user, long id) {
    return requireManaged(user, id)
        .chain(
            c -> {
              boolean later = c.sendAt() != null && c.sendAt().isAfter(OffsetDateTime.now());
              return move(id, List.of(Status.DRAFT), later ? Status.SCHEDULED : Status.RUNNING)
                  .chain(() -> later ? Uni.createFrom().voidItem() : start(id));
            })
        .chain(() -> view(id));
  }

  @WithTransaction
  public Uni<CampaignView> pause(CurrentUser user, long id) {
    return requireManaged(user, id)
        .chain(() -> move(id, List.of(Status.RUNNING, Status.SCHEDULED), Status.PAUSED))
        .chain(() -> view(id));
  }

  @WithTransaction
  public Uni<CampaignView> resume(CurrentUser user, long id) {
    return requireManaged(user, id)
        .chain(
            c ->
                move(
                    id,
                    List.of(Status.PAUSED),
                    c.startedAt() != null ? Status.RUNNING : Status.SCHEDULED))
        .chain(() -> view(id));
  }

  @WithTransaction
  public Uni<CampaignView> cancel(CurrentUser user, long id) {
    return requireManaged(user, id)
        .chain(
            () ->
                move(
                    id,
                    List.of(Status.DRAFT, Status.SCHEDULED, Status.RUNNING, Status.PAUSED),
                    Status.CANCELLED))
        .chain(() -> view(id));
  }

  @WithSession
  public Uni<Report> report(CurrentUser user, long id) {
    return requireManaged(user, id)
        .chain(
            c ->
                campaigns
                    .failuresByCode(id)
                    .map(
                        byCode -> {
                          Long seconds = null;
                          Double rate = null;
                          if (c.startedAt() != null) {
                            OffsetDateTime end =
                                c.finishedAt() != null ? c.finishedAt() : OffsetDateTime.now();
                            Duration d = Duration.between(c.startedAt(), end);
                            seconds = d.toSeconds();
                            double secs = Math.max(d.toMillis(), 1) / 1000.0;
                            rate = Math.round(c.progress().sent() / secs * 10) / 10.0;
                          }
                          return new Report(c, byCode, seconds, rate);
                        }));
  }

  /** Starts scheduled campaigns whose time has come; returns their ids. */
  @WithTransaction
  public Uni<List<Long>> startDue() {
    return campaigns
        .runDueScheduled()
        .call(
            ids -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (Long id : ids) {
                chain = chain.chain(() -> start(id));
              }
              return chain;
            });
  }

  // ---------------------------------------------------------------- the fan-out's start

  /**
   * Cuts the audience of a campaign that just became RUNNING into batches of member ids: only
   * members who opted in are queued, the rest counted as skipped. One statement per step.
   */
  private Uni<Void> start(long id) {
    return view(id)
        .chain(
            c -> {
              AudienceQuerySql a = AudienceQuerySql.of(c.audience(), c.ownerUnitId());
              int size =
                  c.perMinute() == null
                      ? config.batchSize()
                      : Math.min(config.batchSize(), c.perMinute());
              return campaigns
                  .audienceSize(a)
                  .chain(
                      audience ->
                          campaigns
                              .queueBatches(id, a, size)
                              .chain(
                                  sizes ->
                                      campaigns.markStarted(
                                          id,
                                          audience.intValue(),
                                          sizes.stream().mapToInt(Integer::intValue).sum())));
            })
        .replaceWithVoid();
  }

  // ---------------------------------------------------------------- helpers

  private Uni<Void> move(long id, List<Status> from, Status to) {
    return campaigns
        .move(id, from, to)
        .chain(
            n ->
                n == 1
                    ? Uni.createFrom().voidItem()
                    : view(id)
                        .invoke(
                            c -> {
                              throw DomainException.conflict(
                                  "campaign.wrong-state", c.status(), to);
                            })
                        .replaceWithVoid());
  }

  private Uni<CampaignView> view(long id) {
    return campaigns
        .find(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("campaign", id));
  }

  private Uni<CampaignView> requireManaged(CurrentUser user, long id) {
    return view(id).call(c -> access.requireManage(user, c.ownerUnitId()));
  }

  private void validate(CreateCampaign cmd) {
    List<Problem.FieldError> errors = new ArrayList<>();
    if ((cmd.titleEn() == null) != (cmd.bodyEn() == null)) {
      errors.add(new Problem.FieldError("titleEn", "together", null));
    }
    if (cmd.sendAt() != null && cmd.sendAt().isBefore(OffsetDateTime.now().minusMinutes(1))) {
      errors.add(new Problem.FieldError("sendAt", "campaign-send-at-past", null));
    }
    if (cmd.audience().statuses() != null
        && !cmd.audience().statuses().isEmpty()
        && cmd.audience().eventId() == null) {
      errors.add(new Problem.FieldError("audience.statuses", "campaign-statuses-need-event", null));
    }
    if (payload.bytes(cmd) > CampaignPayload.FCM_LIMIT) {
      errors.add(new Problem.FieldError("bodyZh", "campaign-payload", null));
    }
    if (!errors.isEmpty()) {
      throw new DomainException(ProblemCode.VALIDATION_FAILED, "validation-failed", errors);
    }
  }
}
