package cn.futian.jufu.servicepoints;

/** What a service point offers. */
public enum ServicePointKind {
  /** 妇女儿童之家: every community has one. */
  WOMEN_CHILDREN_HOME,
  /** 家长学校: every community has one (all 95 certified in 2019). */
  PARENT_SCHOOL,
  /** 母婴室 in a public place: metro station, mall, hospital, service hall. */
  MOTHER_BABY_ROOM,
  /** 12338 妇女维权热线: usually a phone number without a place. */
  RIGHTS_HOTLINE,
  /** 法律援助 / 维权服务站. */
  LEGAL_AID,
  /** 心理咨询, 婚姻家庭咨询, 婚调室. */
  COUNSELLING
}
