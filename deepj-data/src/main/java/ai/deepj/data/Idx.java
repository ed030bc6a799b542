package ai.deepj.data;

import ai.deepj.io.AtomicFiles;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes IDX files, the format of MNIST and Fashion-MNIST
 * (<a href="http://yann.lecun.com/exdb/mnist/">LeCun et al.</a>): a magic number
 * {@code 00 00 <type> <rank>}, then {@code rank} big-endian int32 sizes, then the elements in
 * row-major order, big-endian.
 *
 * {@snippet :
 * Tensor x = Idx.images(dir.resolve("train-images-idx3-ubyte.gz"));  // float32 [60000, 28, 28] in [0, 1]
 * Tensor y = Idx.labels(dir.resolve("train-labels-idx1-ubyte.gz"));  // int32 [60000]
 * Dataset train = new TensorDataset(x, y);
 * }
 *
 * <p>Types: {@code 0x08} ubyte, {@code 0x09} sbyte, {@code 0x0B} short and {@code 0x0C} int are
 * read as int32; {@code 0x0D} float as float32; {@code 0x0E} double as float64. A gzip-compressed
 * file is recognised by its first two bytes ({@code 1f 8b}), whatever its name. Malformed files
 * (bad magic, unknown type code, wrong rank, truncated body, trailing bytes, corrupt gzip) raise a
 * {@link DataFileException} saying what was expected and what was found.
 */
public final class Idx {
    private Idx() {}

    /** The element types of the IDX format, with their type codes. */
    public enum Type {
        /** Unsigned byte, code {@code 0x08}. */
        UBYTE(0x08, ElementType.UINT8),
        /** Signed byte, code {@code 0x09}. */
        SBYTE(0x09, ElementType.INT8),
        /** Big-endian int16, code {@code 0x0B}. */
        SHORT(0x0B, ElementType.INT16),
        /** Big-endian int32, code {@code 0x0C}. */
        INT(0x0C, ElementType.INT32),
        /** Big-endian float32, code {@code 0x0D}. */
        FLOAT(0x0D, ElementType.FLOAT32),
        /** Big-endian float64, code {@code 0x0E}. */
        DOUBLE(0x0E, ElementType.FLOAT64);

        private final int code;
        final ElementType element;

        Type(int code, ElementType element) {
            this.code = code;
            this.element = element;
        }

        /** The type code in the magic number. */
        public int code() {
            return code;
        }

        static Type ofCode(int code) {
            for (Type t : values()) if (t.code == code) return t;
            return null;
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The whole file as a tensor of the file's shape: int32 for the integer types, float32 for
     * {@code float}, float64 for {@code double}.
     *
     * {@snippet :
     * Tensor y = Idx.read(Path.of("t10k-labels-idx1-ubyte.gz"));   // int32 [10000]
     * }
     *
     * @throws DataFileException if the file is not a well-formed IDX file
     */
    public static Tensor read(Path file) throws IOException {
        return read(file, -1, null, false, 1f, "Idx.read", null);
    }

    /**
     * An image file, {@code [n, rows, cols]}, as float32 in {@code [0, 1]}: each unsigned byte
     * divided by 255 (as PyTorch's {@code ToTensor} does). The file must be a rank-3 ubyte file.
     *
     * {@snippet :
     * Tensor x = Idx.images(Path.of("train-images-idx3-ubyte.gz"));   // [60000, 28, 28]
     * }
     */
    public static Tensor images(Path file) throws IOException {
        return read(file, 3, Type.UBYTE, true, 255f, "Idx.images", "images [n, rows, cols]");
    }

    /**
     * A label file, {@code [n]}, as int32. The file must be a rank-1 integer file.
     *
     * {@snippet :
     * Tensor y = Idx.labels(Path.of("train-labels-idx1-ubyte.gz"));   // [60000], values 0..9
     * }
     */
    public static Tensor labels(Path file) throws IOException {
        return read(file, 1, null, true, 1f, "Idx.labels", "labels [n]");
    }

    /**
     * Writes {@code t} in the type that holds it without loss: int32 as {@code int}, float32 as
     * {@code float}, float64 as {@code double}. A name ending in {@code .gz} is gzip-compressed.
     * The write is atomic (temporary file, then rename).
     *
     * {@snippet :
     * Idx.write(dir.resolve("labels.idx"), Tensor.of(new int[] {5, 0, 4}, 3));
     * }
     */
    public static void write(Path file, Tensor t) throws IOException {
        Type type = switch (t.dtype()) {
            case INT32 -> Type.INT;
            case FLOAT32 -> Type.FLOAT;
            case FLOAT64 -> Type.DOUBLE;
        };
        write(file, t, type);
    }

    /**
     * Writes {@code t} as elements of {@code type}; for the integer types every value must be a
     * whole number in the type's range ({@code ubyte}: 0..255), else {@link IllegalArgumentException}.
     * A name ending in {@code .gz} is gzip-compressed. Atomic.
     *
     * {@snippet :
     * Tensor pixels = Tensor.of(new int[] {0, 128, 255, 7}, 1, 2, 2);
     * Idx.write(dir.resolve("images-idx3-ubyte.gz"), pixels, Idx.Type.UBYTE);
     * }
     */
    public static void write(Path file, Tensor t, Type type) throws IOException {
        if (t.dim() == 0 || t.dim() > 255) {
            throw new IllegalArgumentException("Idx.write: IDX holds 1 to 255 dimensions, got a tensor of shape " + t.shape());
        }
        if (!type.element.natural.isFloating()) BinaryArrays.checkFits("Idx.write", t, type.element, type.toString());
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        AtomicFiles.write(file, raw -> {
            OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
            DataOutputStream data = new DataOutputStream(out);
            data.writeByte(0);
            data.writeByte(0);
            data.writeByte(type.code);
            data.writeByte(t.dim());
            for (int d = 0; d < t.dim(); d++) data.writeInt(t.size(d));
            data.flush();
            BinaryArrays.write(out, t, type.element, ByteOrder.BIG_ENDIAN);
            if (out instanceof GZIPOutputStream g) g.finish();
        });
    }

    /** Opens {@code file}, decompressing it when it starts with the gzip magic {@code 1f 8b}. */
    static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (ZipException | EOFException e) {
                in.close();
                throw new DataFileException(file, "Idx.read: " + file + " starts like gzip (1f 8b) but its gzip header is corrupt ("
                        + e.getMessage() + ")", e);
            }
        }
        return in;
    }

    private static Tensor read(Path file, int rank, Type only, boolean integer, float divisor, String who, String what) throws IOException {
        BinaryArrays.Source src = BinaryArrays.Source.of(who, file);
        try (InputStream in = open(file)) {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw src.error("is too short to be an IDX file: " + magic.length + " bytes, the magic number alone needs 4");
            }
            Type type = Type.ofCode(magic[2] & 0xFF);
            if (magic[0] != 0 || magic[1] != 0 || type == null) {
                throw src.error("is not an IDX file: magic number " + hex(magic) + ", expected 00 00 <type> <rank> with type one of "
                        + "08 (ubyte), 09 (sbyte), 0b (short), 0c (int), 0d (float), 0e (double)");
            }
            int dims = magic[3] & 0xFF;
            if (dims == 0) throw src.error("declares 0 dimensions in its magic number " + hex(magic));
            if (rank >= 0 && dims != rank) {
                throw src.error("has " + dims + " dimension" + (dims == 1 ? "" : "s") + " but " + what + " needs " + rank);
            }
            if (only != null && type != only) throw src.error("holds " + type + " elements but " + what + " needs " + only);
            if (integer && type.element.natural != DType.INT32) {
                throw src.error("holds " + type + " elements but " + what + " needs an integer type");
            }
            byte[] sizeBytes = in.readNBytes(4 * dims);
            if (sizeBytes.length < 4 * dims) {
                throw src.error("is truncated in its header: " + dims + " sizes need " + 4 * dims + " bytes but only "
                        + sizeBytes.length + " follow the magic number");
            }
            int[] shape = new int[dims];
            var sizes = java.nio.ByteBuffer.wrap(sizeBytes);   // big-endian by default, as IDX
            for (int d = 0; d < dims; d++) {
                shape[d] = sizes.getInt();
                if (shape[d] < 0) throw src.error("declares a negative size " + shape[d] + " for dimension " + d);
            }
            String header = describe(type, shape, what);
            DType target = divisor == 1f ? type.element.natural : DType.FLOAT32;
            Tensor t = BinaryArrays.read(in, type.element, ByteOrder.BIG_ENDIAN, shape, target, divisor, src, header);
            long body = BinaryArrays.numel(shape) * type.element.size;
            BinaryArrays.expectEnd(in, body, src, header);
            return t;
        } catch (ZipException | EOFException e) {
            // GZIPInputStream reports a damaged deflate stream or a cut-off gzip file this way.
            throw src.error("is a corrupt gzip file (" + e.getMessage() + ")", e);
        }
    }

    private static String describe(Type type, int[] shape, String what) {
        if (what != null && what.startsWith("images") && shape.length == 3) {
            return shape[0] + " images of " + shape[1] + "x" + shape[2] + " " + type;
        }
        if (what != null && what.startsWith("labels") && shape.length == 1) return shape[0] + " " + type + " labels";
        return type + " " + Arrays.toString(shape);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i++) sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xFF));
        return sb.toString();
    }
}
