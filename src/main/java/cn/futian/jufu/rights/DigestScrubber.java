package cn.futian.jufu.rights;

import java.util.regex.Pattern;

/**
 * Takes out of a free text what identifies: numbers (phone, ID, house, amounts, dates), places
 * (anything ending in a place word: 区, 街道, 社区, 小区, 路, 号, 栋 ...), and forms of address (某女士 style: a
 * name before 女士, 先生, 阿姨 ...). It cannot know every name: the approving supervisor reads the digest
 * for that before it can be exported (ADR 0027).
 */
final class DigestScrubber {

  private static final Pattern NUMBERS = Pattern.compile("[0-9０-９][0-9０-９.,:：/\\-]*");
  private static final Pattern PLACES =
      Pattern.compile("\\p{IsHan}{1,8}?(省|市|区|县|镇|乡|街道|社区|小区|花园|大厦|广场|村|路|街|巷|号|栋|楼|单元|室)");
  private static final Pattern ADDRESS = Pattern.compile("\\p{IsHan}{1,3}(女士|先生|阿姨|大姐|小姐|老师|同学)");
  private static final Pattern LATIN_NAMES = Pattern.compile("\\b[A-Z][a-z]+(\\s[A-Z][a-z]+)*\\b");

  private DigestScrubber() {}

  static String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = NUMBERS.matcher(text.strip()).replaceAll("某");
    out = PLACES.matcher(out).replaceAll("某地");
    out = ADDRESS.matcher(out).replaceAll("当事人");
    out = LATIN_NAMES.matcher(out).replaceAll("某");
    return out.replaceAll("某+", "某").replaceAll("(某地)+", "某地");
  }
}
