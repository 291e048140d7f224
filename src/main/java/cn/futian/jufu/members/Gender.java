package cn.futian.jufu.members;

/** Used for gender-balanced matchmaking events and gender-specific activities. */
public enum Gender {
  FEMALE,
  MALE
}
