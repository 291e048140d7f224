package cn.futian.jufu.common.error;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;

/**
 * The same problem as HTML, for the pages of the cadre console ({@code /console}): a person reads
 * it in a browser, so the title, the detail and the fields at fault come as a small page with a way
 * back. htmx shows the part with the id {@code problem} in place of the action's result.
 */
public final class HtmlProblem {

  private HtmlProblem() {}

  /** Whether a request path belongs to the console, whose answers are pages. */
  public static boolean isPage(String path) {
    if (path == null) {
      return false;
    }
    String p = path.startsWith("/") ? path : "/" + path;
    return p.equals("/console") || p.startsWith("/console/");
  }

  /** The page of a problem whose texts are in {@code messages/problems.properties}. */
  public static Response of(ProblemCode code, String detailKey, Locale locale) {
    return respond(
        code.status(),
        Messages.text(locale, code.slug() + ".title"),
        Messages.text(locale, detailKey),
        List.of(),
        locale);
  }

  static Response respond(
      int status, String title, String detail, List<Problem.FieldError> errors, Locale locale) {
    boolean en = Messages.EN.getLanguage().equals(locale.getLanguage());
    StringBuilder html = new StringBuilder(1024);
    html.append("<!doctype html><html lang=\"")
        .append(en ? "en" : "zh-CN")
        .append("\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(escape(title))
        .append("</title><link rel=\"stylesheet\" href=\"/console/assets/console.css\"></head>")
        .append("<body><main class=\"narrow\"><section id=\"problem\" role=\"alert\">")
        .append("<h1>")
        .append(escape(title))
        .append("</h1><p>")
        .append(escape(detail))
        .append("</p>");
    if (errors != null && !errors.isEmpty()) {
      html.append("<ul>");
      for (Problem.FieldError e : errors) {
        html.append("<li><code>")
            .append(escape(e.field()))
            .append("</code>: ")
            .append(escape(e.message()))
            .append("</li>");
      }
      html.append("</ul>");
    }
    html.append("</section><p><a href=\"/console\">")
        .append(en ? "Back to the console" : "返回工作台")
        .append("</a></p></main></body></html>");
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag())
        .header("Cache-Control", "no-store")
        .entity(html.toString())
        .build();
  }

  /** HTML-escapes text for element content and attribute values. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
