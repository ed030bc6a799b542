package ai.deepj.train.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, as TensorFlow's {@code record_writer.cc}: each record is
 * <pre>
 *   uint64 length            (little-endian)
 *   uint32 masked_crc32c(length bytes)
 *   byte   data[length]
 *   uint32 masked_crc32c(data)
 * </pre>
 * where {@code masked(crc) = ((crc >>> 15) | (crc << 17)) + 0xa282ead8} (32-bit arithmetic), CRC-32C
 * being the Castagnoli CRC ({@link CRC32C}).
 */
final class TfRecord {
    private TfRecord() {}

    private static final int MASK_DELTA = 0xa282ead8;

    /** The masked CRC-32C of {@code len} bytes of {@code b} from {@code off}. */
    static int maskedCrc32c(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** Writes {@code data} as one record. */
    static void write(OutputStream out, byte[] data) throws IOException {
        byte[] header = new byte[12];
        long n = data.length;
        for (int i = 0; i < 8; i++) header[i] = (byte) (n >>> (8 * i));
        putInt(header, 8, maskedCrc32c(header, 0, 8));
        byte[] footer = new byte[4];
        putInt(footer, 0, maskedCrc32c(data, 0, data.length));
        out.write(header);
        out.write(data);
        out.write(footer);
    }

    private static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (v >>> (8 * i));
    }
}
