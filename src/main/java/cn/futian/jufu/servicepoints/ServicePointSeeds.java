package cn.futian.jufu.servicepoints;

import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.seeds.Csv;
import cn.futian.jufu.seeds.SeedContributor;
import cn.futian.jufu.seeds.SeedFiles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Loads {@code seeds/service-points.csv} (see seeds/README.md) after the organisation tree: a point
 * is created unless a point with the same seed key (unit code, kind and Chinese name of the file
 * row) exists, active or not, so re-runs create nothing and a deactivated seed stays deactivated.
 */
@ApplicationScoped
class ServicePointSeeds implements SeedContributor {

  static final String FILE = "service-points.csv";
  private static final int COLUMNS = 11;

  private final ServicePointService service;
  private final Vertx vertx;

  ServicePointSeeds(ServicePointService service, Vertx vertx) {
    this.service = service;
    this.vertx = vertx;
  }

  @Override
  public String name() {
    return "service points";
  }

  @Override
  public Uni<Integer> seed(Path dir) {
    String file = dir.resolve(FILE).toString();
    return SeedFiles.readIfPresent(vertx, dir, FILE)
        .chain(
            text -> {
              if (text == null) {
                return Uni.createFrom().item(0);
              }
              return Uni.createFrom()
                  .item(Csv.read(text))
                  .chain(
                      rows ->
                          service
                              .unitIdsByCode()
                              .chain(units -> service.ensureSeeded(resolve(file, rows, units))));
            });
  }

  static List<ServicePointService.SeedRow> resolve(
      String file, List<List<String>> rows, Map<String, Long> unitIds) {
    List<ServicePointService.SeedRow> out = new ArrayList<>(rows.size());
    int line = 1;
    for (List<String> row : rows) {
      line++;
      if (row.size() != COLUMNS) {
        throw new IllegalStateException(
            file + " line " + line + ": expected " + COLUMNS + " columns, got " + row);
      }
      String unitCode = row.get(0);
      Long unitId = unitIds.get(unitCode);
      if (unitId == null) {
        throw new IllegalStateException(file + " line " + line + ": unknown unit " + unitCode);
      }
      ServicePoint p = new ServicePoint();
      p.kind = ServicePointKind.valueOf(row.get(1));
      p.nameZh = row.get(2).strip();
      p.nameEn = Texts.blankToNull(row.get(3));
      p.address = Texts.blankToNull(row.get(4));
      p.openingHours = Texts.blankToNull(row.get(5));
      p.phone = Texts.blankToNull(row.get(6));
      p.lat = row.get(7).isBlank() ? null : Double.valueOf(row.get(7));
      p.lng = row.get(8).isBlank() ? null : Double.valueOf(row.get(8));
      if ((p.lat == null) != (p.lng == null)) {
        throw new IllegalStateException(file + " line " + line + ": lat and lng go together");
      }
      p.tags =
          row.get(9).isBlank()
              ? new String[0]
              : Arrays.stream(row.get(9).split(";")).map(String::strip).toArray(String[]::new);
      p.placeholder = Boolean.parseBoolean(row.get(10));
      String key = unitCode + "|" + p.kind.name() + "|" + p.nameZh;
      out.add(new ServicePointService.SeedRow(key, unitId, p));
    }
    return out;
  }
}
