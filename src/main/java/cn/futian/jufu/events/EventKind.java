package cn.futian.jufu.events;

/** What residents sign up for (DOMAIN.md). */
public enum EventKind {
  /** 家庭幸福汇: a course, with a category. */
  FAMILY_HAPPINESS_COURSE,
  /** 鹊巢交友: social events for singles; marital status and gender balance matter. */
  MATCHMAKING,
  /** 女性专场招聘会, 创业项目推介. */
  JOB_FAIR,
  /** 三八主题活动. */
  MARCH_8TH,
  /** 家长学校, 好家风宣讲. */
  PARENT_SCHOOL,
  /** 儿童议事会: participants are minors. */
  CHILDRENS_COUNCIL,
  /** 女干部培训. */
  CADRE_TRAINING,
  /** 婚姻咨询, 个案辅导: one-to-one appointments. */
  COUNSELLING,
  OTHER
}
