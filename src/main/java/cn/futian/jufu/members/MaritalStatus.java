package cn.futian.jufu.members;

/** Used only by matchmaking events, and only with the MARITAL_STATUS consent. */
public enum MaritalStatus {
  SINGLE,
  MARRIED,
  DIVORCED,
  WIDOWED
}
