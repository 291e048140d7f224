package cn.futian.jufu.stats;

import cn.futian.jufu.events.CourseCategory;
import cn.futian.jufu.events.EventKind;

/** The Chinese names of kinds and categories as the year-end summary writes them. */
final class StatsLabels {

  /** The category key of events that are not family-happiness courses. */
  static final String NO_CATEGORY = "NONE";

  private StatsLabels() {}

  static String kind(EventKind kind) {
    return switch (kind) {
      case FAMILY_HAPPINESS_COURSE -> "家庭幸福汇";
      case MATCHMAKING -> "鹊巢交友";
      case JOB_FAIR -> "女性专场招聘会";
      case MARCH_8TH -> "三八主题活动";
      case PARENT_SCHOOL -> "家长学校";
      case CHILDRENS_COUNCIL -> "儿童议事会";
      case CADRE_TRAINING -> "女干部培训";
      case COUNSELLING -> "婚姻家庭咨询";
      case MIGRANT_CHILDREN -> "来深建设者子女关爱";
      case MODEL_FAMILY_TOUR -> "最美家庭巡讲";
      case FAMILY_TRADITION -> "好家风好家训";
      case HARMONIOUS_FAMILY -> "和谐家庭宣传";
      case RESEARCH_VISIT -> "调研走访";
      case OTHER -> "其他活动";
    };
  }

  static String category(CourseCategory category) {
    return switch (category) {
      case PHYSICAL_MENTAL_HEALTH -> "身心健康";
      case MARRIAGE_FAMILY -> "婚姻家庭";
      case WOMENS_DEVELOPMENT -> "女性自我发展";
      case CHILDRENS_SERVICES -> "儿童服务";
      case OTHER -> "其他课程";
    };
  }

  static String noCategory() {
    return "非课程活动";
  }

  static String month(String key) {
    // key is YYYY-MM
    return key.substring(0, 4) + "年" + Integer.parseInt(key.substring(5)) + "月";
  }
}
