package ai.deepj.data;

import ai.deepj.io.AtomicFiles;
import ai.deepj.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy's {@code .npz} archives: a zip file of {@code .npy} arrays, one per name,
 * as {@code np.savez} (stored) and {@code np.savez_compressed} (deflated) write them.
 *
 * {@snippet :
 * Map<String, Tensor> arrays = Npz.read(Path.of("data.npz"));   // in the archive's order
 * Tensor x = arrays.get("x_train");
 * Npz.write(Path.of("out.npz"), Map.of("x", x));                // np.load("out.npz")["x"]
 * }
 *
 * <p>Each entry must be named {@code <name>.npy}; its array is read as {@link Npy#read} reads a
 * file, and its CRC-32 is checked. A file that is not a zip archive, a damaged entry or a non-array
 * entry raises a {@link DataFileException} naming the archive and the entry.
 */
public final class Npz {
    private Npz() {}

    /**
     * The arrays in {@code file}, keyed by entry name without {@code .npy}, in the archive's order.
     *
     * @throws DataFileException if the file is not a zip archive of well-formed NPY arrays
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new DataFileException(file, "Npz.read: " + file + " is not a zip archive, as an NPZ file must be ("
                    + e.getMessage() + ")", e);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (zip) {
            for (Enumeration<? extends ZipEntry> it = zip.entries(); it.hasMoreElements(); ) {
                ZipEntry entry = it.nextElement();
                if (entry.isDirectory()) continue;
                String name = entry.getName();
                BinaryArrays.Source src = new BinaryArrays.Source("Npz.read", file, file + " entry '" + name + "'");
                if (!name.endsWith(".npy")) throw src.error("is not an array: NPZ entries are named <name>.npy");
                String key = name.substring(0, name.length() - 4);
                if (out.containsKey(key)) throw src.error("repeats the name '" + key + "'");
                CRC32 crc = new CRC32();
                try (InputStream in = new CheckedInputStream(new BufferedInputStream(zip.getInputStream(entry), 1 << 16), crc)) {
                    out.put(key, Npy.read(in, src));
                } catch (ZipException | EOFException e) {
                    throw src.error("is corrupt (" + e.getMessage() + ")", e);
                }
                if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
                    throw src.error("is corrupt: its CRC-32 is " + Long.toHexString(crc.getValue()) + " but the archive records "
                            + Long.toHexString(entry.getCrc()));
                }
            }
        }
        return out;
    }

    /**
     * Writes {@code arrays} as an uncompressed archive (as {@code np.savez}), in the map's iteration
     * order, atomically.
     *
     * @throws IllegalArgumentException if a name is empty
     */
    public static void write(Path file, Map<String, Tensor> arrays) throws IOException {
        write(file, arrays, false);
    }

    /**
     * Writes {@code arrays} as a deflate-compressed archive (as {@code np.savez_compressed}), atomically.
     *
     * {@snippet :
     * var arrays = new LinkedHashMap<String, Tensor>();
     * arrays.put("x", x);
     * arrays.put("y", y);
     * Npz.writeCompressed(dir.resolve("train.npz"), arrays);
     * }
     */
    public static void writeCompressed(Path file, Map<String, Tensor> arrays) throws IOException {
        write(file, arrays, true);
    }

    private static void write(Path file, Map<String, Tensor> arrays, boolean compress) throws IOException {
        for (String name : arrays.keySet()) {
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("Npz.write: array names must not be empty");
        }
        AtomicFiles.write(file, raw -> {
            ZipOutputStream zip = new ZipOutputStream(raw);
            zip.setLevel(Deflater.DEFAULT_COMPRESSION);
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                if (compress) {
                    entry.setMethod(ZipEntry.DEFLATED);
                } else {
                    // A stored entry needs its size and CRC before its bytes: one pass to count, one to write.
                    CheckedOutputStream counter = new CheckedOutputStream(OutputStream.nullOutputStream(), new CRC32());
                    Counting sized = new Counting(counter);
                    Npy.write(sized, e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(sized.count);
                    entry.setCompressedSize(sized.count);
                    entry.setCrc(counter.getChecksum().getValue());
                }
                zip.putNextEntry(entry);
                Npy.write(zip, e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** Counts the bytes that pass through. */
    private static final class Counting extends OutputStream {
        private final OutputStream out;
        long count;

        Counting(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
