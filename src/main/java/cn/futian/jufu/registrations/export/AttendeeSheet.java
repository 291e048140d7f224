package cn.futian.jufu.registrations.export;

import cn.futian.jufu.common.time.Times;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * An attendee list of one event, rendered as CSV (for any tool) or XLSX (for Excel / WPS).
 *
 * <p>Cells may be {@link String} (any {@link CharSequence}), {@link Number}, {@link Boolean},
 * {@link OffsetDateTime}, {@link LocalDateTime}, {@link ZonedDateTime}, {@link Instant} or {@code
 * null} (an empty cell). Instants with an offset or zone are shown in {@code Asia/Shanghai}; a
 * {@link LocalDateTime} is taken to be Shanghai local time already. Booleans are shown as 是 / 否.
 *
 * <p>Both outputs are protected against spreadsheet formula injection (OWASP "CSV injection"):
 * every text cell (headers included, as custom questions are written by cadres) that starts with
 * {@code = + - @}, TAB or CR is prefixed with an apostrophe in CSV; in XLSX such text is written as
 * a quote-prefixed string cell, so it is never a formula and shows exactly as typed. Numbers and
 * dates come from typed values and are not text, so they need no escaping.
 *
 * <p>Instances are mutable builders and not thread-safe.
 */
public final class AttendeeSheet {

  /** The time zone all instants are rendered in. */

  /** The sheet name used when the title has no usable characters. */
  static final String DEFAULT_SHEET_NAME = "报名名单";

  static final int MAX_SHEET_NAME_LENGTH = 31;

  /** Excel's limit on the characters in one cell. */
  static final int MAX_XLSX_CELL_LENGTH = SpreadsheetVersion.EXCEL2007.getMaxTextLength();

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final DateTimeFormatter CSV_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final String XLSX_DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm";
  private static final String TRUE_TEXT = "是";
  private static final String FALSE_TEXT = "否";

  /** Rows kept in memory by the streaming workbook before they are flushed to a temp file. */
  private static final int XLSX_WINDOW = 200;

  private static final int MIN_COLUMN_CHARS = 6;
  private static final int MAX_COLUMN_CHARS = 60;
  private static final int DATE_COLUMN_CHARS = 16;

  private final String title;
  private final List<String> headers;
  private final List<Object[]> rows = new ArrayList<>();

  /**
   * Creates an empty sheet.
   *
   * @param title the event title; the XLSX sheet is named after it
   * @param headers the column headers, shown to cadres in Chinese: e.g. 序号, 姓名, 手机号, 状态, 报名人数,
   *     候补顺位, 报名时间, plus one column per custom question
   * @throws IllegalArgumentException if there are no headers, too many, or one is {@code null}
   */
  public AttendeeSheet(String title, List<String> headers) {
    this.title = Objects.requireNonNull(title, "title");
    Objects.requireNonNull(headers, "headers");
    if (headers.isEmpty()) {
      throw new IllegalArgumentException("at least one header is required");
    }
    if (headers.size() > SpreadsheetVersion.EXCEL2007.getMaxColumns()) {
      throw new IllegalArgumentException(
          "too many columns: " + headers.size() + " (Excel allows 16384)");
    }
    for (String header : headers) {
      // Not headers.contains(null): immutable lists throw NullPointerException on that query.
      if (header == null) {
        throw new IllegalArgumentException("headers must not contain null");
      }
    }
    this.headers = List.copyOf(headers);
  }

  /** The column headers, in order. */
  public List<String> headers() {
    return headers;
  }

  /** The number of data rows added so far (the header row not counted). */
  public int rowCount() {
    return rows.size();
  }

  /**
   * Appends a data row. A row with fewer cells than headers is padded with empty cells.
   *
   * @throws IllegalArgumentException if the row has more cells than there are headers, or a cell is
   *     of an unsupported type or a non-finite number
   */
  public AttendeeSheet addRow(List<?> cells) {
    Objects.requireNonNull(cells, "cells");
    if (cells.size() > headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.size() + " cells but there are only " + headers.size() + " headers");
    }
    Object[] row = new Object[headers.size()];
    for (int i = 0; i < cells.size(); i++) {
      row[i] = normalize(cells.get(i), i);
    }
    rows.add(row);
    return this;
  }

  /**
   * Renders the sheet as CSV: UTF-8 with a byte order mark (so that Excel on Chinese Windows does
   * not guess GBK), RFC 4180 quoting, CRLF line ends, the header line first.
   */
  public byte[] toCsv() {
    StringBuilder out = new StringBuilder(64 * (rows.size() + 1));
    appendCsvLine(out, headers.toArray());
    for (Object[] row : rows) {
      appendCsvLine(out, row);
    }
    byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
    byte[] result = Arrays.copyOf(UTF8_BOM, UTF8_BOM.length + body.length);
    System.arraycopy(body, 0, result, UTF8_BOM.length, body.length);
    return result;
  }

  /**
   * Renders the sheet as an Excel workbook with one sheet named after the title, a bold and frozen
   * header row with an auto filter, numbers as numeric cells and times as date cells.
   *
   * <p>Text longer than Excel's cell limit (32,767 characters) is cut off in the XLSX output, with
   * a trailing ellipsis; the CSV output keeps it whole.
   *
   * @throws IllegalStateException if there are more rows than an Excel sheet holds
   */
  public byte[] toXlsx() {
    if (rows.size() + 1 > SpreadsheetVersion.EXCEL2007.getMaxRows()) {
      throw new IllegalStateException("too many rows for one Excel sheet: " + rows.size());
    }
    // In POI 5.5 close() also disposes of the temp files (bug 68183; dispose() is deprecated), so
    // try-with-resources removes them on every path, including failures.
    try (SXSSFWorkbook workbook = new SXSSFWorkbook(XLSX_WINDOW)) {
      // The temp files hold personal data (names, phone numbers) until close(); gzip keeps them
      // small. It is not encryption.
      workbook.setCompressTempFiles(true);
      Styles styles = new Styles(workbook);
      Sheet sheet = workbook.createSheet(sheetName(title));

      Row headerRow = sheet.createRow(0);
      for (int c = 0; c < headers.size(); c++) {
        writeXlsxCell(headerRow.createCell(c), headers.get(c), styles, true);
      }
      for (int r = 0; r < rows.size(); r++) {
        Object[] row = rows.get(r);
        Row xlsxRow = sheet.createRow(r + 1);
        for (int c = 0; c < row.length; c++) {
          if (row[c] != null) {
            writeXlsxCell(xlsxRow.createCell(c), row[c], styles, false);
          }
        }
      }

      sheet.createFreezePane(0, 1);
      sheet.setAutoFilter(new CellRangeAddress(0, rows.size(), 0, headers.size() - 1));
      int[] widths = columnWidths();
      for (int c = 0; c < widths.length; c++) {
        sheet.setColumnWidth(c, widths[c] * 256);
      }

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      workbook.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the XLSX attendee list", e);
    }
  }

  /**
   * Turns a title into a valid Excel sheet name: no {@code [ ] : * ? / \} or control characters, no
   * apostrophe at either end, at most 31 characters, not the reserved name "History".
   */
  static String sheetName(String title) {
    StringBuilder name = new StringBuilder(title.length());
    title
        .codePoints()
        .forEach(
            cp -> {
              if ("[]:*?/\\".indexOf(cp) >= 0) {
                name.append('_');
              } else if (!Character.isISOControl(cp)) {
                name.appendCodePoint(cp);
              }
            });
    String result = name.toString().strip();
    if (result.length() > MAX_SHEET_NAME_LENGTH) {
      int end = MAX_SHEET_NAME_LENGTH;
      if (Character.isHighSurrogate(result.charAt(end - 1))) {
        end--; // do not split a surrogate pair (e.g. a rare CJK character or an emoji)
      }
      result = result.substring(0, end);
    }
    result = trimApostrophes(result).strip();
    if (result.isEmpty()) {
      return DEFAULT_SHEET_NAME;
    }
    if (result.equalsIgnoreCase("History")) {
      return result + "_";
    }
    return result;
  }

  /** Whether Excel (or LibreOffice, Google Sheets) could read this text as a formula. */
  static boolean looksLikeFormula(String text) {
    if (text.isEmpty()) {
      return false;
    }
    char first = text.charAt(0);
    return first == '='
        || first == '+'
        || first == '-'
        || first == '@'
        || first == '\t'
        || first == '\r';
  }

  // --- cells ---------------------------------------------------------------------------------

  private static Object normalize(Object value, int column) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    if (value instanceof Number number) {
      if ((number instanceof Double || number instanceof Float)
          && !Double.isFinite(number.doubleValue())) {
        throw new IllegalArgumentException("column " + column + ": not a finite number: " + value);
      }
      return number;
    }
    if (value instanceof LocalDateTime time) {
      return time.truncatedTo(ChronoUnit.SECONDS);
    }
    if (value instanceof OffsetDateTime time) {
      return time.atZoneSameInstant(Times.ZONE).toLocalDateTime().truncatedTo(ChronoUnit.SECONDS);
    }
    if (value instanceof ZonedDateTime time) {
      return time.withZoneSameInstant(Times.ZONE).toLocalDateTime().truncatedTo(ChronoUnit.SECONDS);
    }
    if (value instanceof Instant instant) {
      return LocalDateTime.ofInstant(instant, Times.ZONE).truncatedTo(ChronoUnit.SECONDS);
    }
    throw new IllegalArgumentException(
        "column " + column + ": unsupported cell type " + value.getClass().getName());
  }

  /** The text of a cell as it reads in the CSV, before formula neutralising and quoting. */
  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof String text) {
      return text;
    }
    if (value instanceof Boolean bool) {
      return bool ? TRUE_TEXT : FALSE_TEXT;
    }
    if (value instanceof LocalDateTime time) {
      return CSV_DATE_TIME.format(time);
    }
    return numberText((Number) value);
  }

  private static String numberText(Number number) {
    if (number instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (number instanceof BigInteger
        || number instanceof Long
        || number instanceof Integer
        || number instanceof Short
        || number instanceof Byte) {
      return number.toString();
    }
    // Double, Float and anything else: shortest decimal form, never scientific notation, "3" not
    // "3.0". Float.toString keeps 0.1f as "0.1" rather than its binary expansion.
    String shortest =
        number instanceof Float ? number.toString() : Double.toString(number.doubleValue());
    String plain = new BigDecimal(shortest).stripTrailingZeros().toPlainString();
    return plain.equals("-0") ? "0" : plain;
  }

  // --- CSV -----------------------------------------------------------------------------------

  private static void appendCsvLine(StringBuilder out, Object[] cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      String field = text(cells[i]);
      if (cells[i] instanceof String && looksLikeFormula(field)) {
        field = "'" + field;
      }
      appendCsvField(out, field);
    }
    out.append("\r\n");
  }

  private static void appendCsvField(StringBuilder out, String field) {
    boolean quote = false;
    for (int i = 0; i < field.length() && !quote; i++) {
      char ch = field.charAt(i);
      quote = ch == ',' || ch == '"' || ch == '\r' || ch == '\n';
    }
    if (!quote) {
      out.append(field);
      return;
    }
    out.append('"');
    for (int i = 0; i < field.length(); i++) {
      char ch = field.charAt(i);
      if (ch == '"') {
        out.append('"');
      }
      out.append(ch);
    }
    out.append('"');
  }

  // --- XLSX ----------------------------------------------------------------------------------

  /** The few cell styles of a workbook (Excel caps the count, so they are shared, not per cell). */
  private static final class Styles {
    final CellStyle header;
    final CellStyle headerQuoted;
    final CellStyle quoted;
    final CellStyle dateTime;

    Styles(SXSSFWorkbook workbook) {
      Font bold = workbook.createFont();
      bold.setBold(true);
      header = workbook.createCellStyle();
      header.setFont(bold);
      headerQuoted = workbook.createCellStyle();
      headerQuoted.cloneStyleFrom(header);
      headerQuoted.setQuotePrefixed(true);
      // A quote prefix keeps text like "=1+1" or "-李娜" text if a cadre edits the cell later.
      quoted = workbook.createCellStyle();
      quoted.setQuotePrefixed(true);
      dateTime = workbook.createCellStyle();
      dateTime.setDataFormat(
          workbook.getCreationHelper().createDataFormat().getFormat(XLSX_DATE_TIME_FORMAT));
    }
  }

  private static void writeXlsxCell(Cell cell, Object value, Styles styles, boolean header) {
    if (value instanceof String text) {
      // Always a plain string cell, never setCellFormula: the text shows as typed, unevaluated.
      cell.setCellValue(limitXlsxText(text));
      boolean quoted = looksLikeFormula(text);
      if (header) {
        cell.setCellStyle(quoted ? styles.headerQuoted : styles.header);
      } else if (quoted) {
        cell.setCellStyle(styles.quoted);
      }
    } else if (value instanceof Boolean bool) {
      cell.setCellValue(bool ? TRUE_TEXT : FALSE_TEXT);
    } else if (value instanceof LocalDateTime time) {
      cell.setCellValue(time);
      cell.setCellStyle(styles.dateTime);
    } else if (value instanceof Number number) {
      cell.setCellValue(number.doubleValue());
    }
  }

  private static String limitXlsxText(String text) {
    if (text.length() <= MAX_XLSX_CELL_LENGTH) {
      return text;
    }
    int end = MAX_XLSX_CELL_LENGTH - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }

  /** Column widths in characters: wide enough for the longest line, CJK counted double. */
  private int[] columnWidths() {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = displayWidth(headers.get(c)) + 2; // room for the auto filter's drop-down arrow
    }
    for (Object[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        Object value = row[c];
        int width =
            value instanceof LocalDateTime
                ? DATE_COLUMN_CHARS
                : value == null ? 0 : displayWidth(text(value));
        if (width > widths[c]) {
          widths[c] = width;
        }
      }
    }
    for (int c = 0; c < widths.length; c++) {
      widths[c] = Math.max(MIN_COLUMN_CHARS, Math.min(MAX_COLUMN_CHARS, widths[c] + 1));
    }
    return widths;
  }

  /** The width of the longest line of a text, counting East Asian wide characters as two. */
  static int displayWidth(String text) {
    int longest = 0;
    int current = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n' || cp == '\r') {
        current = 0;
        continue;
      }
      current += isWide(cp) ? 2 : 1;
      if (current > longest) {
        longest = current;
        if (longest >= MAX_COLUMN_CHARS) {
          return longest;
        }
      }
    }
    return longest;
  }

  private static boolean isWide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F) // Hangul Jamo
        || (cp >= 0x2E80 && cp <= 0xA4CF) // CJK radicals, punctuation, kana, ideographs, Yi
        || (cp >= 0xAC00 && cp <= 0xD7A3) // Hangul syllables
        || (cp >= 0xF900 && cp <= 0xFAFF) // CJK compatibility ideographs
        || (cp >= 0xFE30 && cp <= 0xFE4F) // CJK compatibility forms
        || (cp >= 0xFF00 && cp <= 0xFF60) // full-width forms
        || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x1F300 && cp <= 0x1FAFF) // emoji
        || (cp >= 0x20000 && cp <= 0x3FFFD); // CJK extension ideographs
  }

  private static String trimApostrophes(String name) {
    int start = 0;
    int end = name.length();
    while (start < end && name.charAt(start) == '\'') {
      start++;
    }
    while (end > start && name.charAt(end - 1) == '\'') {
      end--;
    }
    return name.substring(start, end);
  }

  @Override
  public String toString() {
    return "AttendeeSheet[" + title + ", " + headers.size() + " columns, " + rows.size() + " rows]";
  }
}
