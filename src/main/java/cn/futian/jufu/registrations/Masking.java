package cn.futian.jufu.registrations;

/** Masks personal data for views that do not need it in full. */
final class Masking {

  private Masking() {}

  /** 13800138000 → 138****8000; short or missing numbers are masked entirely. */
  static String phone(String phone) {
    if (phone == null) {
      return null;
    }
    if (phone.length() < 7) {
      return "****";
    }
    return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
  }
}
