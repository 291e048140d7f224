package cn.futian.jufu.members;

/**
 * What a member's consent covers (PIPL: separate consent per purpose). The text a member saw is
 * versioned in configuration: {@code fulian.consent.versions.<purpose in lower case>}.
 */
public enum ConsentPurpose {
  /** Optional profile fields: phone (so cadres can reach a registrant), birth year, gender. */
  PROFILE,
  /** Marital status, used only to check eligibility for matchmaking events (鹊巢交友). */
  MARITAL_STATUS,
  /** A guardian's consent to record a child's data (family sign-ups, children's council). */
  MINORS,
  /**
   * The federation's campaigns (push messages about its work). The same switch as the campaign
   * opt-in of the notification preferences: either one records or withdraws this consent.
   */
  CAMPAIGNS
}
