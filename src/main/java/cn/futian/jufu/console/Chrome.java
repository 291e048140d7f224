package cn.futian.jufu.console;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * What every console page's frame shows: the reader's words, name and navigation, the page that is
 * open, and the form token its forms send back.
 */
@TemplateData
public record Chrome(
    ConsoleText t, String userName, List<NavItem> nav, ConsolePage active, String csrf) {

  /** One entry of the navigation. */
  @TemplateData
  public record NavItem(String path, String label, boolean current) {}
}
