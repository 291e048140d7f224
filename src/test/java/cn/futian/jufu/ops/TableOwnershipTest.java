package cn.futian.jufu.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every table belongs to one feature, and a feature's SQL touches only its own tables (issue 19):
 * another feature's data is reached through that feature's service. The exceptions are listed
 * below, each with its reason; a new one fails this test until it is listed (or, better, goes
 * through the owner's service), and an exception nobody needs any more fails it too, so the list
 * only shrinks. The SQL is found in the string literals of the main sources (after {@code from},
 * {@code join}, {@code into}, {@code update}).
 */
class TableOwnershipTest {

  private static final Path ROOT = Path.of("src/main/java/cn/futian/jufu");

  /** Table → the package that owns it (its migrations, its repository). */
  static final Map<String, String> OWNER =
      Map.ofEntries(
          Map.entry("org_unit", "orgunits"),
          Map.entry("cadre_assignment", "cadres"),
          Map.entry("member", "members"),
          Map.entry("consent", "members"),
          Map.entry("dependant", "members"),
          Map.entry("event", "events"),
          Map.entry("event_audience", "events"),
          Map.entry("event_feed_version", "events"),
          Map.entry("event_question", "events"),
          Map.entry("event_status_change", "events"),
          Map.entry("session", "events"),
          Map.entry("registration", "registrations"),
          Map.entry("registration_dependant", "registrations"),
          Map.entry("registration_status_change", "registrations"),
          Map.entry("seat", "registrations"),
          Map.entry("idempotency_record", "registrations"),
          Map.entry("attendance", "checkin"),
          Map.entry("venue_code", "checkin"),
          Map.entry("checkin_key", "checkin"),
          Map.entry("no_show", "noshows"),
          Map.entry("reminder_sent", "reminders"),
          Map.entry("notification", "notifications"),
          Map.entry("notification_dispatch", "notifications"),
          Map.entry("notification_preference", "notifications"),
          Map.entry("delivery_attempt", "notifications"),
          Map.entry("device", "devices"),
          Map.entry("member_follow", "follows"),
          Map.entry("member_interest", "follows"),
          Map.entry("campaign", "campaigns"),
          Map.entry("campaign_batch", "campaigns"),
          Map.entry("news_article", "news"),
          Map.entry("news_read", "news"),
          Map.entry("service_point", "servicepoints"),
          Map.entry("account_deletion", "privacy"),
          Map.entry("audit_log", "audit"),
          Map.entry("calendar_feed", "calendars"),
          Map.entry("wechat_binding", "wechat"),
          Map.entry("wechat_subscription", "wechat"),
          Map.entry("help_category", "rights"),
          Map.entry("help_request", "rights"),
          Map.entry("case_team", "rights"),
          Map.entry("help_case", "rights"),
          Map.entry("help_case_approval", "rights"),
          Map.entry("help_case_entry", "rights"),
          Map.entry("help_case_referral", "rights"),
          Map.entry("help_case_order", "rights"),
          Map.entry("help_mediation", "rights"),
          Map.entry("help_mediation_session", "rights"),
          Map.entry("difficulty_entry", "rights"),
          Map.entry("difficulty_visit", "rights"),
          Map.entry("difficulty_change", "rights"),
          Map.entry("case_digest", "rights"),
          Map.entry("case_digest_item", "rights"),
          Map.entry("family_search", "families"),
          Map.entry("family_nomination", "families"),
          Map.entry("family_photo", "families"),
          Map.entry("family_member", "families"),
          Map.entry("family_review", "families"),
          Map.entry("family_quota_use", "families"),
          Map.entry("family_vote", "families"),
          Map.entry("family_vote_allowance", "families"),
          Map.entry("family_jury_score", "families"),
          Map.entry("family_honour", "families"),
          Map.entry("case_emergency_access", "rights"),
          // Written by every feature in its own transaction (common/outbox, ADR 0010).
          Map.entry("outbox", "common"));

  /** Packages that may read every table, and why. */
  static final Map<String, String> READ_MODELS =
      Map.of(
          "stats", "the year's figures are one read model across features (ADR 0009)",
          "privacy",
              "a member's export and erasure must reach her data in every table (PIPL, ADR 0013)");

  /** Tables every feature may join, and why. */
  static final Map<String, String> SHARED =
      Map.of(
          "outbox", "domain events are written in the writer's own transaction (ADR 0010)",
          "org_unit", "subtree queries join the tree's materialised path (ADR 0003)");

  /** The other exceptions: "package → table", each with its reason. Issue 19 shrinks this. */
  static final Map<String, String> ALLOWED =
      Map.ofEntries(
          // A campaign's audience and its delivery report are one query over the members it may
          // reach (ADR 0010); splitting it over five services would load the audience in memory.
          Map.entry("campaigns → cadre_assignment", "audience: the cadres of a subtree"),
          Map.entry("campaigns → member", "audience: members of a subtree"),
          Map.entry("campaigns → member_follow", "audience: followers of a unit"),
          Map.entry("campaigns → member_interest", "audience: members interested in a kind"),
          Map.entry("campaigns → registration", "audience: the registrants of an event"),
          Map.entry("campaigns → session", "audience: the registrants of an event"),
          Map.entry("campaigns → device", "audience estimate: members with a device"),
          Map.entry("campaigns → wechat_binding", "audience estimate: members on WeChat only"),
          Map.entry("campaigns → notification_preference", "audience: opted-in members only"),
          Map.entry("campaigns → notification", "the fan-out writes the members' inbox rows"),
          Map.entry("campaigns → delivery_attempt", "the campaign report counts deliveries"),
          // The job's definition of a no-show is one statement over the tables it joins.
          Map.entry("noshows → registration", "a confirmed registration ..."),
          Map.entry("noshows → session", "... whose session ended ..."),
          Map.entry("noshows → event", "... of an event not cancelled ..."),
          Map.entry("noshows → attendance", "... without a check-in"),
          // Notification texts and targets read what they announce.
          Map.entry("notifications → event", "the outbox relay's texts name the event"),
          Map.entry("notifications → session", "the outbox relay's texts name the session"),
          Map.entry("notifications → registration", "the outbox relay's texts name the place"),
          Map.entry("notifications → campaign", "the inbox shows a campaign's texts"),
          Map.entry("news → member", "the news feed: the reader's home unit"),
          Map.entry("news → member_follow", "the news feed: units the reader follows"),
          Map.entry("registrations → event", "sign-up and lists read the session's event"),
          Map.entry("registrations → session", "sign-up and lists read the session"),
          Map.entry("registrations → reminder_sent", "a cancelled place's reminders are forgotten"),
          Map.entry("reminders → event", "reminders: sessions starting soon"),
          Map.entry("reminders → session", "reminders: sessions starting soon"),
          Map.entry("reminders → registration", "reminders: their confirmed registrants"));

  private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  private static final Pattern TABLE =
      Pattern.compile("\\b(?:from|join|into|update)\\s+([a-z_]+)", Pattern.CASE_INSENSITIVE);

  @Test
  void featuresTouchOnlyTheirOwnTablesOrListedOnes() throws IOException {
    Map<String, Set<String>> used = crossFeatureTables();
    Set<String> unlisted = new TreeSet<>(used.keySet());
    unlisted.removeAll(ALLOWED.keySet());
    assertThat(unlisted)
        .as(
            "tables of another feature touched by these packages (where: %s); go through the"
                + " owner's service, or list the exception with its reason",
            used)
        .isEmpty();
    Set<String> stale = new TreeSet<>(ALLOWED.keySet());
    stale.removeAll(used.keySet());
    assertThat(stale).as("listed exceptions nobody needs any more: remove them").isEmpty();
  }

  @Test
  void everyTableOfTheMigrationsHasAnOwner() throws IOException {
    Pattern create = Pattern.compile("create table (?:if not exists )?([a-z_]+)");
    Set<String> tables = new TreeSet<>();
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      for (Path f : files.toList()) {
        Matcher m = create.matcher(Files.readString(f).toLowerCase(java.util.Locale.ROOT));
        while (m.find()) {
          tables.add(m.group(1));
        }
      }
    }
    assertThat(OWNER.keySet()).containsAll(tables);
  }

  /** "package → table" → the files where a package's SQL touches another feature's table. */
  private static Map<String, Set<String>> crossFeatureTables() throws IOException {
    Map<String, Set<String>> used = new TreeMap<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = ROOT.relativize(file).getName(0).toString();
        if (READ_MODELS.containsKey(pkg)) {
          continue;
        }
        for (String table : tablesIn(Files.readString(file))) {
          String owner = OWNER.get(table);
          if (owner != null && !owner.equals(pkg) && !SHARED.containsKey(table)) {
            used.computeIfAbsent(pkg + " → " + table, k -> new TreeSet<>())
                .add(file.getFileName().toString());
          }
        }
      }
    }
    return used;
  }

  private static Set<String> tablesIn(String source) {
    StringBuilder sql = new StringBuilder();
    Matcher blocks = TEXT_BLOCK.matcher(source);
    while (blocks.find()) {
      sql.append(blocks.group(1)).append(' ');
    }
    Matcher literals = LITERAL.matcher(TEXT_BLOCK.matcher(source).replaceAll(""));
    while (literals.find()) {
      sql.append(literals.group(1));
    }
    Matcher tables = TABLE.matcher(sql);
    return tables
        .results()
        .map(m -> m.group(1).toLowerCase(java.util.Locale.ROOT))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
