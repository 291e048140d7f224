package cn.futian.jufu.console;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A video file for Chromium's fake camera ({@code --use-file-for-fake-video-capture}): a QR code on
 * a light grey page, as a phone held up to the camera shows it, in the YUV4MPEG2 format (4:2:0).
 */
final class FakeCamera {

  static final int WIDTH = 640;
  static final int HEIGHT = 480;
  static final int QR = 420;

  private FakeCamera() {}

  static void write(Path file, String content) throws Exception {
    BitMatrix m =
        new QRCodeWriter()
            .encode(
                content,
                BarcodeFormat.QR_CODE,
                QR,
                QR,
                Map.of(
                    EncodeHintType.ERROR_CORRECTION,
                    ErrorCorrectionLevel.M,
                    EncodeHintType.MARGIN,
                    4));
    byte[] luma = new byte[WIDTH * HEIGHT];
    Arrays.fill(luma, (byte) 200);
    int left = (WIDTH - m.getWidth()) / 2;
    int top = (HEIGHT - m.getHeight()) / 2;
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        luma[(top + y) * WIDTH + left + x] = (byte) (m.get(x, y) ? 16 : 235);
      }
    }
    byte[] chroma = new byte[(WIDTH / 2) * (HEIGHT / 2)];
    Arrays.fill(chroma, (byte) 128);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(
          ("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F5:1 Ip A1:1 C420jpeg\n")
              .getBytes(StandardCharsets.US_ASCII));
      for (int frame = 0; frame < 2; frame++) {
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(luma);
        out.write(chroma);
        out.write(chroma);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write the fake camera's video", e);
    }
  }
}
