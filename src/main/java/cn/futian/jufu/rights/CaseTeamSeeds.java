package cn.futian.jufu.rights;

import cn.futian.jufu.rights.CaseTeamDtos.CaseRole;
import cn.futian.jufu.seeds.Csv;
import cn.futian.jufu.seeds.SeedContributor;
import cn.futian.jufu.seeds.SeedFiles;
import cn.futian.jufu.seeds.SeedLoader;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo case team of {@code seeds/case-team.csv}, loaded with the demo cadre appointments
 * ({@code fulian.seeds.demo-assignments}). Idempotent: an active appointment is not made twice.
 */
@ApplicationScoped
class CaseTeamSeeds implements SeedContributor {

  static final String FILE = "case-team.csv";

  private final SeedLoader.SeedConfig config;
  private final CaseTeamService team;
  private final Vertx vertx;

  CaseTeamSeeds(SeedLoader.SeedConfig config, CaseTeamService team, Vertx vertx) {
    this.config = config;
    this.team = team;
    this.vertx = vertx;
  }

  @Override
  public String name() {
    return "case team appointments";
  }

  @Override
  public Uni<Integer> seed(Path dir) {
    if (!config.demoAssignments()) {
      return Uni.createFrom().item(0);
    }
    return SeedFiles.readIfPresent(vertx, dir, FILE)
        .chain(text -> text == null ? Uni.createFrom().item(0) : team.ensureSeeded(parse(text)));
  }

  static List<CaseTeamService.SeedSeat> parse(String text) {
    List<CaseTeamService.SeedSeat> seats = new ArrayList<>();
    for (List<String> row : Csv.read(text)) {
      if (row.size() != 4) {
        throw new IllegalStateException(FILE + ": expected 4 columns, got " + row);
      }
      seats.add(new CaseTeamService.SeedSeat(row.get(0), row.get(2), CaseRole.valueOf(row.get(3))));
    }
    return seats;
  }
}
