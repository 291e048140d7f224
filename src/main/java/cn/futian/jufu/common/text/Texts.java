package cn.futian.jufu.common.text;

/** Small text rules shared by every feature. */
public final class Texts {

  private Texts() {}

  /** The text without surrounding white space, or null when there is nothing else. */
  public static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
