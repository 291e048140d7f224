package cn.futian.jufu.registrations.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class AttendeeSheetTest {

  private static final List<String> HEADERS =
      List.of("序号", "姓名", "手机号", "状态", "报名人数", "候补顺位", "报名时间", "孩子年龄？");

  /** 2025-03-08 01:30 UTC is 09:30 in Shenzhen. */
  private static final OffsetDateTime SIGNED_UP_UTC =
      OffsetDateTime.of(2025, 3, 8, 1, 30, 45, 0, ZoneOffset.UTC);

  private static AttendeeSheet sample() {
    return new AttendeeSheet("三八妇女节亲子活动", HEADERS)
        .addRow(Arrays.asList(1, "王芳", "138****8000", "已报名", 2, null, SIGNED_UP_UTC, "5岁, \"大班\""))
        .addRow(
            Arrays.asList(
                2,
                "-李娜",
                "139****1234",
                "候补",
                1,
                3,
                LocalDateTime.of(2025, 3, 8, 10, 5),
                "第一行\r\n第二行\n第三行"));
  }

  // --- CSV -----------------------------------------------------------------------------------

  @Test
  void csvStartsWithBomAndUsesCrlf() {
    byte[] csv = sample().toCsv();

    assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    String text = csvText(csv);
    assertThat(text).startsWith("序号,姓名,手机号,状态,报名人数,候补顺位,报名时间,孩子年龄？\r\n");
    assertThat(text).endsWith("\r\n");
  }

  @Test
  void csvRoundTripsChineseQuotesAndNewlines() {
    List<List<String>> records = parseCsv(csvText(sample().toCsv()));

    assertThat(records).hasSize(3);
    assertThat(records.get(0)).isEqualTo(HEADERS);
    assertThat(records.get(1))
        .containsExactly(
            "1", "王芳", "138****8000", "已报名", "2", "", "2025-03-08 09:30", "5岁, \"大班\"");
    assertThat(records.get(2))
        .containsExactly(
            "2", "'-李娜", "139****1234", "候补", "1", "3", "2025-03-08 10:05", "第一行\r\n第二行\n第三行");
  }

  @Test
  void csvNeutralisesFormulaLookingText() {
    List<String> headers = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i");
    AttendeeSheet sheet =
        new AttendeeSheet("t", headers)
            .addRow(
                List.of(
                    "=HYPERLINK(\"http://evil.example\",\"点我\")",
                    "+86 138",
                    "-2+3",
                    "@SUM(A1:A2)",
                    "\t=1",
                    "\r=1",
                    "138****8000",
                    "a=b",
                    -5));

    List<String> record = parseCsv(csvText(sheet.toCsv())).get(1);

    assertThat(record)
        .containsExactly(
            "'=HYPERLINK(\"http://evil.example\",\"点我\")",
            "'+86 138",
            "'-2+3",
            "'@SUM(A1:A2)",
            "'\t=1",
            "'\r=1",
            "138****8000",
            "a=b",
            "-5"); // a real number is not text, so it is not escaped
  }

  @Test
  void csvNeutralisesFormulaLookingHeaders() {
    AttendeeSheet sheet = new AttendeeSheet("t", List.of("姓名", "=cmd|' /C calc'!A0"));

    assertThat(parseCsv(csvText(sheet.toCsv())).get(0))
        .containsExactly("姓名", "'=cmd|' /C calc'!A0");
  }

  @Test
  void csvRendersValueTypes() {
    AttendeeSheet sheet =
        new AttendeeSheet("t", List.of("a", "b", "c", "d", "e", "f", "g"))
            .addRow(List.of(3.0, 2.5, 0.1f, new BigDecimal("1E+3"), 12345678901L, true, false));

    assertThat(parseCsv(csvText(sheet.toCsv())).get(1))
        .containsExactly("3", "2.5", "0.1", "1000", "12345678901", "是", "否");
  }

  @Test
  void shortRowsArePaddedWithEmptyCells() {
    AttendeeSheet sheet = new AttendeeSheet("t", List.of("a", "b", "c")).addRow(List.of("x"));

    assertThat(parseCsv(csvText(sheet.toCsv())).get(1)).containsExactly("x", "", "");
  }

  // --- validation ----------------------------------------------------------------------------

  @Test
  void rejectsRowsWithMoreCellsThanHeaders() {
    AttendeeSheet sheet = new AttendeeSheet("t", List.of("a", "b"));

    assertThatThrownBy(() -> sheet.addRow(List.of("1", "2", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 cells");
    assertThat(sheet.rowCount()).isZero();
  }

  @Test
  void rejectsUnsupportedCellsAndBadHeaders() {
    AttendeeSheet sheet = new AttendeeSheet("t", List.of("a"));

    assertThatThrownBy(() -> sheet.addRow(List.of(new Object())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sheet.addRow(List.of(Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttendeeSheet("t", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttendeeSheet("t", Arrays.asList("a", null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- XLSX ----------------------------------------------------------------------------------

  @Test
  void xlsxHasTitledSheetBoldFrozenHeaderAndAllRows() throws IOException {
    try (XSSFWorkbook workbook = openXlsx(sample().toXlsx())) {
      assertThat(workbook.getNumberOfSheets()).isEqualTo(1);
      XSSFSheet sheet = workbook.getSheetAt(0);
      assertThat(sheet.getSheetName()).isEqualTo("三八妇女节亲子活动");
      assertThat(sheet.getPhysicalNumberOfRows()).isEqualTo(3);
      assertThat(sheet.getLastRowNum()).isEqualTo(2);

      XSSFRow header = sheet.getRow(0);
      for (int c = 0; c < HEADERS.size(); c++) {
        XSSFCell cell = header.getCell(c);
        assertThat(cell.getStringCellValue()).isEqualTo(HEADERS.get(c));
        assertThat(cell.getCellStyle().getFont().getBold()).as("header %d bold", c).isTrue();
      }
      assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
      assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
      assertThat(sheet.getRow(1).getCell(1).getCellStyle().getFont().getBold()).isFalse();

      // Chinese columns are wider than Latin ones of the same length would need.
      assertThat(sheet.getColumnWidth(1)).isGreaterThanOrEqualTo(6 * 256);
      assertThat(sheet.getColumnWidth(6)).isGreaterThanOrEqualTo(16 * 256);
    }
  }

  @Test
  void xlsxWritesTypedCells() throws IOException {
    try (XSSFWorkbook workbook = openXlsx(sample().toXlsx())) {
      XSSFRow first = workbook.getSheetAt(0).getRow(1);
      XSSFRow second = workbook.getSheetAt(0).getRow(2);

      XSSFCell count = first.getCell(4);
      assertThat(count.getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(count.getNumericCellValue()).isEqualTo(2.0);

      assertThat(first.getCell(5)).as("null leaves the cell empty").isNull();

      XSSFCell signedUp = first.getCell(6);
      assertThat(signedUp.getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(DateUtil.isCellDateFormatted(signedUp)).isTrue();
      assertThat(signedUp.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm");
      assertThat(signedUp.getLocalDateTimeCellValue())
          .isEqualTo(LocalDateTime.of(2025, 3, 8, 9, 30, 45));
      assertThat(second.getCell(6).getLocalDateTimeCellValue())
          .isEqualTo(LocalDateTime.of(2025, 3, 8, 10, 5));

      assertThat(first.getCell(1).getStringCellValue()).isEqualTo("王芳");
      assertThat(first.getCell(2).getCellType()).isEqualTo(CellType.STRING);
      assertThat(first.getCell(2).getStringCellValue()).isEqualTo("138****8000");
      assertThat(first.getCell(7).getStringCellValue()).isEqualTo("5岁, \"大班\"");
      assertThat(second.getCell(7).getStringCellValue()).isEqualTo("第一行\r\n第二行\n第三行");

      // Shown exactly as typed, no apostrophe, but protected from re-evaluation on edit.
      XSSFCell name = second.getCell(1);
      assertThat(name.getCellType()).isEqualTo(CellType.STRING);
      assertThat(name.getStringCellValue()).isEqualTo("-李娜");
      assertThat(name.getCellStyle().getQuotePrefixed()).isTrue();
    }
  }

  @Test
  void xlsxNeverWritesFormulas() throws IOException {
    List<String> payloads =
        List.of("=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"x\",\"y\")");
    AttendeeSheet sheet = new AttendeeSheet("t", List.of("=header")).addRow(List.of(-5));
    payloads.forEach(payload -> sheet.addRow(List.of(payload)));

    try (XSSFWorkbook workbook = openXlsx(sheet.toXlsx())) {
      XSSFSheet xlsx = workbook.getSheetAt(0);
      XSSFCell header = xlsx.getRow(0).getCell(0);
      assertThat(header.getCellType()).isEqualTo(CellType.STRING);
      assertThat(header.getStringCellValue()).isEqualTo("=header");
      assertThat(header.getCellStyle().getFont().getBold()).isTrue();

      assertThat(xlsx.getRow(1).getCell(0).getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(xlsx.getRow(1).getCell(0).getNumericCellValue()).isEqualTo(-5.0);

      for (int i = 0; i < payloads.size(); i++) {
        XSSFCell cell = xlsx.getRow(i + 2).getCell(0);
        assertThat(cell.getCellType()).as(payloads.get(i)).isEqualTo(CellType.STRING);
        assertThat(cell.getStringCellValue()).isEqualTo(payloads.get(i));
      }
    }
  }

  @Test
  void thousandRowsWork() throws IOException {
    AttendeeSheet sheet = new AttendeeSheet("大型活动", HEADERS);
    for (int i = 1; i <= 1_000; i++) {
      sheet.addRow(List.of(i, "报名人" + i, "138****" + (1000 + i), "已报名", 1, "", SIGNED_UP_UTC, "无"));
    }

    try (XSSFWorkbook workbook = openXlsx(sheet.toXlsx())) {
      XSSFSheet xlsx = workbook.getSheetAt(0);
      assertThat(xlsx.getLastRowNum()).isEqualTo(1_000);
      assertThat(xlsx.getRow(1_000).getCell(0).getNumericCellValue()).isEqualTo(1_000.0);
      assertThat(xlsx.getRow(1_000).getCell(1).getStringCellValue()).isEqualTo("报名人1000");
    }
    List<List<String>> records = parseCsv(csvText(sheet.toCsv()));
    assertThat(records).hasSize(1_001);
    assertThat(records.get(1_000).get(1)).isEqualTo("报名人1000");
  }

  @Test
  void sheetNamesFollowExcelRules() {
    assertThat(AttendeeSheet.sheetName("2025/03 [福田]: 亲子*活动?\\"))
        .isEqualTo("2025_03 _福田__ 亲子_活动__");
    assertThat(AttendeeSheet.sheetName("'引号'")).isEqualTo("引号");
    assertThat(AttendeeSheet.sheetName("  ")).isEqualTo("报名名单");
    assertThat(AttendeeSheet.sheetName("History")).isEqualTo("History_");
    String longTitle = "福田区妇女联合会二〇二五年度“巾帼心向党”主题系列活动第一期报名名单";
    assertThat(AttendeeSheet.sheetName(longTitle))
        .hasSize(31)
        .isEqualTo(longTitle.substring(0, 31));
    // A surrogate pair (emoji) at the cut is not split.
    String emoji = "a".repeat(30) + "😀";
    assertThat(AttendeeSheet.sheetName(emoji)).isEqualTo("a".repeat(30));
  }

  @Test
  void xlsxSheetIsNamedAfterSanitisedTitle() throws IOException {
    AttendeeSheet sheet = new AttendeeSheet("3/8 [亲子] 活动", List.of("姓名"));

    try (XSSFWorkbook workbook = openXlsx(sheet.toXlsx())) {
      assertThat(workbook.getSheetAt(0).getSheetName()).isEqualTo("3_8 _亲子_ 活动");
      assertThat(workbook.getSheetAt(0).getLastRowNum()).isZero();
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private static XSSFWorkbook openXlsx(byte[] bytes) throws IOException {
    return new XSSFWorkbook(new ByteArrayInputStream(bytes));
  }

  private static String csvText(byte[] csv) {
    assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    return new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
  }

  /**
   * A strict RFC 4180 parser: every record ends in CRLF, a bare CR or LF outside quotes is an
   * error, quotes inside quoted fields are doubled.
   */
  private static List<List<String>> parseCsv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    boolean fieldStart = true;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (fieldStart && ch == '"') {
        i++;
        while (true) {
          if (i >= text.length()) {
            throw new AssertionError("unterminated quoted field");
          }
          char q = text.charAt(i++);
          if (q == '"') {
            if (i < text.length() && text.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(q);
          }
        }
        fieldStart = false;
        if (i < text.length() && ",\r".indexOf(text.charAt(i)) < 0) {
          throw new AssertionError("text after a closing quote at " + i);
        }
      } else if (ch == ',') {
        record.add(field.toString());
        field.setLength(0);
        fieldStart = true;
        i++;
      } else if (ch == '\r') {
        if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
          throw new AssertionError("bare CR outside quotes at " + i);
        }
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        fieldStart = true;
        i += 2;
      } else if (ch == '\n') {
        throw new AssertionError("bare LF outside quotes at " + i);
      } else if (ch == '"') {
        throw new AssertionError("quote inside an unquoted field at " + i);
      } else {
        field.append(ch);
        fieldStart = false;
        i++;
      }
    }
    if (!fieldStart || !record.isEmpty() || field.length() > 0) {
      throw new AssertionError("last record does not end in CRLF");
    }
    return records;
  }
}
