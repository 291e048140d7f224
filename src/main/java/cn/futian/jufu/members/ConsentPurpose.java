package cn.futian.jufu.members;

/**
 * What a member's consent covers (PIPL: separate consent per purpose). The text a member saw is
 * versioned in configuration: {@code fulian.consent.versions.<purpose in lower case>}.
 */
public enum ConsentPurpose {
  /** Optional profile fields: phone (so cadres can reach a registrant), birth year, gender. */
  PROFILE
}
