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
  /** 女干部培训: usually with the {@code cadresOnly} eligibility rule. */
  CADRE_TRAINING,
  /** 婚姻咨询, 个案辅导: one-to-one appointments. */
  COUNSELLING,
  /** 来深建设者子女 / 留守儿童关爱: summer courses and care for migrant workers' children (minors). */
  MIGRANT_CHILDREN,
  /** 最美家庭巡讲: the honoured families' lecture team on tour in communities. */
  MODEL_FAMILY_TOUR,
  /** 好家风好家训, 爱家爱国: family mottos and house rules, patriotic family activities. */
  FAMILY_TRADITION,
  /** 守望幸福 和谐家庭宣传: publicity of the marriage and family service, with consultations. */
  HARMONIOUS_FAMILY,
  /** 调研走访: the district's research visits to streets and communities, for cadres. */
  RESEARCH_VISIT,
  OTHER
}
