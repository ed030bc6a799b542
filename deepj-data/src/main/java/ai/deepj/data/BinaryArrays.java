package ai.deepj.data;

import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reading and writing the flat, row-major body of a binary array file (IDX, NPY) in chunks, so a
 * 47 MB image body needs one tensor's worth of memory plus a 1 MiB buffer, never a second full copy.
 */
final class BinaryArrays {
    private BinaryArrays() {}

    private static final int CHUNK_BYTES = 1 << 20;

    /**
     * Where the bytes come from, for messages: {@code who} is the operation ({@code "Npy.read"}),
     * {@code name} the file or archive entry as the user knows it.
     */
    record Source(String who, Path file, String name) {
        static Source of(String who, Path file) {
            return new Source(who, file, file.toString());
        }

        DataFileException error(String problem) {
            return new DataFileException(file, who + ": " + name + " " + problem);
        }

        DataFileException error(String problem, Throwable cause) {
            return new DataFileException(file, who + ": " + name + " " + problem, cause);
        }
    }

    /** {@code 60000 x 28 x 28}-style product of the shape as a long, or -1 if it exceeds a Java array. */
    static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE - 16) return -1;
        }
        return n;
    }

    /**
     * Reads {@code prod(shape)} elements of {@code type} in {@code order} from {@code in} into a new
     * tensor of {@code target}: the type's natural tensor type, or float32 from any integer type,
     * each value then divided by {@code divisor} (1 to keep it). {@code header} describes the array
     * for the truncation message ({@code "ubyte [60000, 28, 28]"}). Values that do not fit int32 are
     * refused.
     */
    static Tensor read(InputStream in, ElementType type, ByteOrder order, int[] shape, DType target, float divisor,
                       Source src, String header) throws IOException {
        if (target != type.natural && !(target == DType.FLOAT32 && type.natural == DType.INT32)) {
            throw new IllegalArgumentException("BinaryArrays.read: cannot read " + type + " as " + target);
        }
        long n = numel(shape);
        if (n < 0) throw src.error("holds " + header + ", more elements than one Java array holds (2^31 - 17)");
        long expected = n * type.size;
        Tensor out = Tensor.zeros(target, shape);
        Tensor flat = out.reshape((int) n);
        int perChunk = CHUNK_BYTES / type.size;
        byte[] buf = new byte[perChunk * type.size];
        try (var s = Autograd.noGrad()) {
            for (long start = 0; start < n; start += perChunk) {
                int count = (int) Math.min(perChunk, n - start);
                int want = count * type.size;
                int got = in.readNBytes(buf, 0, want);
                if (got < want) {
                    long present = start * type.size + got;
                    throw src.error("is truncated: header says " + header + " (" + expected + " bytes) but only "
                            + present + " bytes follow");
                }
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, want).order(order);
                Tensor chunk = decode(bb, type, count, target, divisor, start, src);
                flat.narrow(0, (int) start, count).copyInPlace(chunk);
            }
        }
        return out;
    }

    private static Tensor decode(ByteBuffer bb, ElementType type, int count, DType target, float divisor, long start,
                                 Source src) throws DataFileException {
        switch (type) {
            case FLOAT32 -> {
                float[] f = new float[count];
                bb.asFloatBuffer().get(f);
                if (divisor != 1f) for (int i = 0; i < count; i++) f[i] /= divisor;
                return Tensor.of(f, count);
            }
            case FLOAT16 -> {
                float[] f = new float[count];
                for (int i = 0; i < count; i++) f[i] = Float.float16ToFloat(bb.getShort(2 * i)) / divisor;
                return Tensor.of(f, count);
            }
            case FLOAT64 -> {
                double[] d = new double[count];
                bb.asDoubleBuffer().get(d);
                if (divisor != 1f) for (int i = 0; i < count; i++) d[i] /= divisor;
                return Tensor.of(d, count);
            }
            default -> {
                int[] v = decodeInts(bb, type, count, start, src);
                if (target == DType.INT32) return Tensor.of(v, count);
                float[] f = new float[count];
                for (int i = 0; i < count; i++) f[i] = v[i] / divisor;
                return Tensor.of(f, count);
            }
        }
    }

    private static int[] decodeInts(ByteBuffer bb, ElementType type, int count, long start, Source src)
            throws DataFileException {
        int[] v = new int[count];
        switch (type) {
            case BOOL -> { for (int i = 0; i < count; i++) v[i] = bb.get(i) != 0 ? 1 : 0; }
            case INT8 -> { for (int i = 0; i < count; i++) v[i] = bb.get(i); }
            case UINT8 -> { for (int i = 0; i < count; i++) v[i] = bb.get(i) & 0xFF; }
            case INT16 -> { for (int i = 0; i < count; i++) v[i] = bb.getShort(2 * i); }
            case UINT16 -> { for (int i = 0; i < count; i++) v[i] = bb.getShort(2 * i) & 0xFFFF; }
            case INT32 -> bb.asIntBuffer().get(v);
            case UINT32 -> {
                for (int i = 0; i < count; i++) {
                    long x = Integer.toUnsignedLong(bb.getInt(4 * i));
                    v[i] = checked(x, false, type, start + i, src);
                }
            }
            case INT64, UINT64 -> {
                for (int i = 0; i < count; i++) v[i] = checked(bb.getLong(8 * i), type == ElementType.UINT64, type, start + i, src);
            }
            default -> throw new IllegalStateException("not an integer type: " + type);
        }
        return v;
    }

    private static int checked(long x, boolean unsigned, ElementType type, long index, Source src) throws DataFileException {
        if (x == (int) x && !(unsigned && x < 0)) return (int) x;
        String shown = unsigned ? Long.toUnsignedString(x) : Long.toString(x);
        throw src.error("holds " + shown + " at flat index " + index + ", which does not fit in int32 ("
                + type + " data is read as int32)");
    }

    /**
     * Fails if {@code in} has bytes left after the body ({@code header} says what the body is),
     * counting them for the message.
     */
    static void expectEnd(InputStream in, long bodyBytes, Source src, String header) throws IOException {
        long extra = 0;
        byte[] skip = new byte[8192];
        for (int r; (r = in.read(skip)) > 0; ) extra += r;
        if (extra > 0) {
            throw src.error("has " + extra + " bytes of trailing data after the " + bodyBytes
                    + " bytes that the header describes (" + header + ")");
        }
    }

    /**
     * Writes the elements of {@code t} in row-major order as {@code type} in {@code order}. The
     * caller has checked that the values fit the type (see {@link #checkFits}).
     */
    static void write(OutputStream out, Tensor t, ElementType type, ByteOrder order) throws IOException {
        long n = t.numel();
        Tensor flat = t.detach().contiguous().reshape((int) n);
        int perChunk = CHUNK_BYTES / type.size;
        byte[] buf = new byte[perChunk * type.size];
        for (long start = 0; start < n; start += perChunk) {
            int count = (int) Math.min(perChunk, n - start);
            Tensor part = flat.narrow(0, (int) start, count);
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, count * type.size).order(order);
            switch (type) {
                case FLOAT32 -> bb.asFloatBuffer().put(part.toFloatArray());
                case FLOAT64 -> bb.asDoubleBuffer().put(part.toDoubleArray());
                case INT32 -> bb.asIntBuffer().put(part.toIntArray());
                case INT16 -> {
                    int[] v = part.toIntArray();
                    for (int i = 0; i < count; i++) bb.putShort(2 * i, (short) v[i]);
                }
                case INT8, UINT8 -> {
                    int[] v = part.toIntArray();
                    for (int i = 0; i < count; i++) bb.put(i, (byte) v[i]);
                }
                default -> throw new IllegalArgumentException("BinaryArrays.write: writing " + type + " is not supported");
            }
            out.write(buf, 0, count * type.size);
        }
    }

    /**
     * Throws {@link IllegalArgumentException} (named for {@code who}) unless every value of {@code t}
     * is representable in the integer {@code type}: whole and within its range.
     */
    static void checkFits(String who, Tensor t, ElementType type, String typeName) {
        long lo, hi;
        switch (type) {
            case UINT8 -> { lo = 0; hi = 255; }
            case INT8 -> { lo = -128; hi = 127; }
            case INT16 -> { lo = Short.MIN_VALUE; hi = Short.MAX_VALUE; }
            case INT32 -> { lo = Integer.MIN_VALUE; hi = Integer.MAX_VALUE; }
            default -> { return; }
        }
        Tensor flat = t.detach().contiguous().reshape((int) t.numel());
        for (long start = 0; start < t.numel(); start += 1 << 18) {
            int count = (int) Math.min(1 << 18, t.numel() - start);
            double[] v = flat.narrow(0, (int) start, count).toDoubleArray();
            for (int i = 0; i < count; i++) {
                if (v[i] != Math.rint(v[i]) || v[i] < lo || v[i] > hi) {
                    throw new IllegalArgumentException(who + ": value " + v[i] + " at flat index " + (start + i)
                            + " of a " + t.dtype() + " tensor " + t.shape() + " is not a whole number in ["
                            + lo + ", " + hi + "], so it cannot be written as " + typeName);
                }
            }
        }
    }
}
