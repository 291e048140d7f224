package cn.futian.jufu.news;

import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.seeds.Csv;
import cn.futian.jufu.seeds.SeedContributor;
import cn.futian.jufu.seeds.SeedFiles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Loads the demo articles of {@code seeds/news.csv} (see seeds/README.md) when {@code
 * fulian.news.demo-seed} is on. Idempotent: an article is keyed by its unit's code and its title,
 * and one that exists (even edited or withdrawn since) is left alone.
 */
@ApplicationScoped
class NewsSeeds implements SeedContributor {

  static final String FILE = "news.csv";
  static final String SEED_AUTHOR = "seed";
  private static final int COLUMNS = 8;

  /** One row of the file. */
  record Row(
      String unitCode,
      NewsCategory category,
      NewsStatus status,
      OffsetDateTime publishedAt,
      String title,
      String summary,
      String coverImageUrl,
      String body) {}

  private final NewsConfig config;
  private final NewsArticleRepository articles;
  private final OrgUnitService orgUnits;
  private final Vertx vertx;

  NewsSeeds(
      NewsConfig config, NewsArticleRepository articles, OrgUnitService orgUnits, Vertx vertx) {
    this.config = config;
    this.articles = articles;
    this.orgUnits = orgUnits;
    this.vertx = vertx;
  }

  @Override
  public String name() {
    return "news articles";
  }

  @Override
  public Uni<Integer> seed(Path dir) {
    if (!config.demoSeed()) {
      return Uni.createFrom().item(0);
    }
    String file = dir.resolve(FILE).toString();
    return SeedFiles.readIfPresent(vertx, dir, FILE)
        .chain(text -> text == null ? Uni.createFrom().item(0) : ensureAll(parse(file, text)));
  }

  private Uni<Integer> ensureAll(List<Row> rows) {
    Uni<Integer> created = Uni.createFrom().item(0);
    for (Row row : rows) {
      created = created.chain(n -> ensureOne(row).map(made -> made ? n + 1 : n));
    }
    return created;
  }

  private Uni<Boolean> ensureOne(Row row) {
    return orgUnits
        .idsOf(List.of(row.unitCode()))
        .chain(
            ids -> {
              if (ids.isEmpty()) {
                throw new IllegalStateException(
                    FILE + ": unknown unit " + row.unitCode() + " for " + row.title());
              }
              long unitId = ids.get(0);
              return articles
                  .existsByUnitAndTitle(unitId, row.title())
                  .chain(
                      exists -> {
                        if (exists) {
                          return Uni.createFrom().item(false);
                        }
                        return articles.persist(article(unitId, row)).replaceWith(true);
                      });
            });
  }

  private static NewsArticle article(long unitId, Row row) {
    NewsArticle a = new NewsArticle();
    a.unitId = unitId;
    a.category = row.category();
    a.title = row.title();
    a.summary = row.summary();
    a.body = row.body();
    a.coverImageUrl = row.coverImageUrl();
    a.status = row.status();
    a.createdBy = SEED_AUTHOR;
    a.createdAt = row.publishedAt() != null ? row.publishedAt() : OffsetDateTime.now();
    a.updatedAt = a.createdAt;
    a.publishedAt = row.publishedAt();
    return a;
  }

  /** The rows of the file; a malformed row stops the start-up with the reason. */
  static List<Row> parse(String file, String text) {
    List<Row> rows = new ArrayList<>();
    int line = 0;
    for (List<String> r : Csv.read(text)) {
      line++;
      if (r.size() != COLUMNS) {
        throw bad(file, line, "expected " + COLUMNS + " columns, got " + r.size());
      }
      try {
        NewsStatus status = NewsStatus.valueOf(r.get(2).strip());
        if (!Set.of(NewsStatus.DRAFT, NewsStatus.PUBLISHED).contains(status)) {
          throw bad(file, line, "status must be DRAFT or PUBLISHED");
        }
        String published = r.get(3).strip();
        if ((status == NewsStatus.PUBLISHED) == published.isEmpty()) {
          throw bad(file, line, "published_at is required for PUBLISHED and only for it");
        }
        Row row =
            new Row(
                r.get(0).strip(),
                NewsCategory.valueOf(r.get(1).strip()),
                status,
                published.isEmpty() ? null : OffsetDateTime.parse(published),
                r.get(4).strip(),
                Texts.blankToNull(r.get(5)),
                Texts.blankToNull(r.get(6)),
                r.get(7).strip());
        check(file, line, row);
        rows.add(row);
      } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
        throw bad(file, line, e.getMessage());
      }
    }
    return rows;
  }

  private static void check(String file, int line, Row row) {
    if (row.title().isEmpty() || row.title().length() > NewsDtos.TITLE_MAX) {
      throw bad(file, line, "title must have 1 to " + NewsDtos.TITLE_MAX + " characters");
    }
    if (row.summary() != null && row.summary().length() > NewsDtos.SUMMARY_MAX) {
      throw bad(file, line, "summary longer than " + NewsDtos.SUMMARY_MAX);
    }
    if (row.body().isEmpty() || row.body().length() > NewsDtos.BODY_MAX) {
      throw bad(file, line, "body must have 1 to " + NewsDtos.BODY_MAX + " characters");
    }
    if (row.coverImageUrl() != null && !row.coverImageUrl().matches(NewsDtos.HTTPS_URL)) {
      throw bad(file, line, "cover_image_url must be an https URL");
    }
  }

  private static IllegalStateException bad(String file, int row, String why) {
    return new IllegalStateException(file + ", record " + row + ": " + why);
  }
}
