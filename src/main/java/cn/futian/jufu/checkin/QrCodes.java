package cn.futian.jufu.checkin;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jboss.logging.Logger;

/**
 * QR images (PNG) of check-in codes, drawn with ZXing in memory, and the reading of a QR code in a
 * camera frame for phones whose browser cannot read one itself. CPU work of a few milliseconds:
 * callers run it on a worker thread, never on the event loop.
 */
public final class QrCodes {

  private static final Logger LOG = Logger.getLogger(QrCodes.class);

  static {
    // ImageIO writes through a temp file on disk unless its cache is off; PNGs here are small.
    ImageIO.setUseCache(false);
  }

  private QrCodes() {}

  public static byte[] png(String content, int size) {
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

  /**
   * The text of the QR code in a camera frame (JPEG or PNG, at most {@code maxPixels} pixels), or
   * null when the frame holds none that can be read. Frames the image reader cannot decode, or that
   * are too large, are null too: a frame is a guess, never an error.
   */
  public static String read(byte[] frame, long maxPixels) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(frame));
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (image == null || (long) image.getWidth() * image.getHeight() > maxPixels) {
      return null;
    }
    int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    var source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), rgb);
    try {
      return new QRCodeReader()
          .decode(
              new BinaryBitmap(new HybridBinarizer(source)),
              Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
          .getText();
    } catch (NotFoundException | ChecksumException | FormatException e) {
      return null;
    }
  }
}
