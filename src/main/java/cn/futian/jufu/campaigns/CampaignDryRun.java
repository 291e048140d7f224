package cn.futian.jufu.campaigns;

import cn.futian.jufu.campaigns.CampaignDtos.AudienceEstimate;
import cn.futian.jufu.campaigns.CampaignDtos.CampaignView;
import cn.futian.jufu.campaigns.CampaignDtos.CreateCampaign;
import cn.futian.jufu.campaigns.CampaignDtos.DryRun;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.notifications.PushRouter;
import cn.futian.jufu.notifications.PushTargets;
import cn.futian.jufu.push.PushMessage;
import cn.futian.jufu.push.PushOutcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A campaign's dry run: the audience it would reach, its payload size, and FCM's verdict on a
 * sample of the audience's device tokens ({@code validate_only}: checked, not delivered).
 */
@ApplicationScoped
public class CampaignDryRun {

  static final int SAMPLE = 20;

  private final CampaignService campaigns;
  private final CampaignPayload payload;
  private final PushRouter router;

  CampaignDryRun(CampaignService campaigns, CampaignPayload payload, PushRouter router) {
    this.campaigns = campaigns;
    this.payload = payload;
    this.router = router;
  }

  private record Facts(CampaignView campaign, AudienceEstimate estimate, List<String> tokens) {}

  public Uni<DryRun> run(CurrentUser user, long id) {
    return Panache.withSession(() -> facts(user, id))
        .chain(
            f ->
                Uni.createFrom()
                    .item(() -> check(f))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
  }

  private Uni<Facts> facts(CurrentUser user, long id) {
    return campaigns
        .get(user, id)
        .chain(
            c ->
                campaigns
                    .estimate(c.audience(), c.ownerUnitId())
                    .chain(
                        estimate ->
                            campaigns
                                .sampleTokens(c, SAMPLE)
                                .map(tokens -> new Facts(c, estimate, tokens))));
  }

  private DryRun check(Facts f) {
    CampaignView c = f.campaign();
    int bytes =
        payload.bytes(
            new CreateCampaign(
                c.ownerUnitId(),
                c.titleZh(),
                c.bodyZh(),
                c.titleEn(),
                c.bodyEn(),
                c.link(),
                c.audience(),
                null,
                null));
    if (!router.canValidate(PushTargets.FCM) || f.tokens().isEmpty()) {
      return new DryRun(f.estimate(), bytes, 0, 0, Map.of(), router.canValidate(PushTargets.FCM));
    }
    List<PushMessage> sample = new ArrayList<>();
    for (String token : f.tokens()) {
      PushMessage m = CampaignPayload.message(c.id(), 0, c.titleZh(), c.bodyZh(), c.link());
      sample.add(
          new PushMessage(
              token,
              m.templateKey(),
              m.title(),
              m.body(),
              m.link(),
              m.when(),
              m.collapseKey(),
              m.data(),
              m.urgent(),
              m.ttl()));
    }
    List<PushOutcome> outcomes = router.validate(PushTargets.FCM, sample);
    Map<String, Integer> errors = new TreeMap<>();
    int valid = 0;
    for (PushOutcome o : outcomes) {
      if (o.result() == PushOutcome.Result.SENT) {
        valid++;
      } else {
        errors.merge(o.errorCode() == null ? o.result().name() : o.errorCode(), 1, Integer::sum);
      }
    }
    return new DryRun(f.estimate(), bytes, sample.size(), valid, errors, true);
  }
}
