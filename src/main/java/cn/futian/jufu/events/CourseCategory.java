package cn.futian.jufu.events;

/** The learning menu of the family-happiness courses (家庭幸福汇). */
public enum CourseCategory {
  /** 身心健康. */
  PHYSICAL_MENTAL_HEALTH,
  /** 婚姻家庭. */
  MARRIAGE_FAMILY,
  /** 女性自我发展. */
  WOMENS_DEVELOPMENT,
  /** 儿童服务. */
  CHILDRENS_SERVICES,
  OTHER
}
