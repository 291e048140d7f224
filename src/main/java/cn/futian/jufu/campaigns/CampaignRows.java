package cn.futian.jufu.campaigns;

import cn.futian.jufu.campaigns.CampaignDtos.Audience;
import cn.futian.jufu.campaigns.CampaignDtos.AudienceRole;
import cn.futian.jufu.campaigns.CampaignDtos.CampaignView;
import cn.futian.jufu.campaigns.CampaignDtos.Progress;
import cn.futian.jufu.campaigns.CampaignDtos.Status;
import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.events.EventKind;
import cn.futian.jufu.registrations.RegistrationStatus;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/** Reading campaign rows from native queries. */
final class CampaignRows {

  private CampaignRows() {}

  static final String COLUMNS =
      "c.id, c.owner_unit_id, c.status, c.title_zh, c.body_zh, c.title_en, c.body_en, c.link,"
          + " c.audience_unit_id, c.audience_followers_of, array_to_string(c.audience_kinds, ','),"
          + " c.audience_event_id, array_to_string(c.audience_statuses, ','), c.audience_role, c.send_at, c.per_minute, c.audience_size,"
          + " c.queued, c.sent, c.failed, c.pruned, c.inbox_only, c.skipped, c.created_by,"
          + " c.created_at, c.started_at, c.finished_at,"
          + " (select count(*) from campaign_batch b where b.campaign_id = c.id"
          + " and b.status <> 'DONE')";

  static CampaignView view(Object[] r) {
    Audience audience =
        new Audience(
            SqlValues.number(r[8]),
            SqlValues.number(r[9]),
            names(r[10], EventKind::valueOf),
            SqlValues.number(r[11]),
            names(r[12], RegistrationStatus::valueOf),
            r[13] == null ? null : AudienceRole.valueOf((String) r[13]));
    return new CampaignView(
        SqlValues.number(r[0]),
        SqlValues.number(r[1]),
        Status.valueOf((String) r[2]),
        (String) r[3],
        (String) r[4],
        (String) r[5],
        (String) r[6],
        (String) r[7],
        audience,
        Times.timestamp(r[14]),
        r[15] == null ? null : ((Number) r[15]).intValue(),
        r[16] == null ? null : ((Number) r[16]).intValue(),
        new Progress(
            num(r[17]), num(r[18]), num(r[19]), num(r[20]), num(r[21]), num(r[22]), num(r[27])),
        (String) r[23],
        Times.timestamp(r[24]),
        Times.timestamp(r[25]),
        Times.timestamp(r[26]));
  }

  private static int num(Object o) {
    return o == null ? 0 : ((Number) o).intValue();
  }

  private static <E> Set<E> names(Object array, Function<String, E> parse) {
    if (array == null) {
      return null;
    }
    Set<E> out = new LinkedHashSet<>();
    if (array instanceof Object[] values) {
      for (Object v : values) {
        out.add(parse.apply(v.toString()));
      }
    } else {
      String text = array.toString().replaceAll("[{}\"]", "");
      for (String v : text.split(",")) {
        if (!v.isBlank()) {
          out.add(parse.apply(v.trim()));
        }
      }
    }
    return out;
  }

  /** Member ids of a batch, selected as {@code array_to_string(member_ids, ',')}. */
  static Long[] ids(String list) {
    String[] parts = list.split(",");
    Long[] out = new Long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Long.parseLong(parts[i]);
    }
    return out;
  }
}
