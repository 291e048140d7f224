package cn.futian.jufu.events;

/** How a session's seats are given out. */
public enum SignUpMode {
  /** Capacity plus a waitlist, in order of arrival. */
  FIRST_COME,
  /** A cadre accepts or rejects each sign-up. */
  APPROVAL,
  /** Applications during a window, then a reproducible draw. */
  LOTTERY
}
