package cn.futian.jufu.news;

/** What kind of article it is; the apps show the Chinese label. */
public enum NewsCategory {
  /** 通知公告 */
  NOTICE,
  /** 政策解读 */
  POLICY,
  /** 以案释法 */
  CASE_STUDY,
  /** 活动回顾 */
  ACTIVITY_REVIEW
}
