package cn.futian.jufu.checkin;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jboss.logging.Logger;

/**
 * QR images (PNG) of check-in codes, drawn with ZXing in memory. CPU work of a few milliseconds:
 * callers run it on a worker thread, never on the event loop.
 */
final class QrCodes {

  private static final Logger LOG = Logger.getLogger(QrCodes.class);

  static {
    // ImageIO writes through a temp file on disk unless its cache is off; PNGs here are small.
    ImageIO.setUseCache(false);
  }

  private QrCodes() {}

  static byte[] png(String content, int size) {
    try {
      BitMatrix matrix =
          new QRCodeWriter()
              .encode(
                  content,
                  BarcodeFormat.QR_CODE,
                  size,
                  size,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      2));
      BufferedImage image =
          new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
      for (int y = 0; y < matrix.getHeight(); y++) {
        for (int x = 0; x < matrix.getWidth(); x++) {
          image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      LOG.debugf("Drew a %dpx QR image (%d bytes)", size, out.size());
      return out.toByteArray();
    } catch (WriterException | IOException e) {
      throw new IllegalStateException("Cannot draw a QR code", e);
    }
  }
}
