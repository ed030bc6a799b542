package ai.deepj.data;

import ai.deepj.io.AtomicFiles;
import ai.deepj.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes NumPy's {@code .npy} files
 * (<a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">format spec</a>):
 * what {@code np.save} writes and {@code np.load} reads.
 *
 * {@snippet :
 * Tensor w = Npy.read(Path.of("weights.npy"));     // e.g. float32 [784, 128]
 * Npy.write(Path.of("out.npy"), w);                 // np.load("out.npy") gives the same array
 * }
 *
 * <p>Reading: format versions 1.0, 2.0 and 3.0; dtypes {@code f4}, {@code f8}, {@code f2} (half,
 * read as float32), {@code i1 u1 i2 u2 i4 u4 i8 u8} and {@code b1} (read as int32; 64-bit and
 * {@code u4} values must fit int32, else the first one that does not is named), each in either
 * byte order; {@code fortran_order: True} arrays are transposed into row-major order. float32 stays
 * float32, float64 stays float64. Malformed files (bad magic, a header that is not the dictionary
 * NumPy writes, an unsupported dtype, a truncated body, a body longer than the shape says) raise a
 * {@link DataFileException}.
 *
 * <p>Writing: float32 as {@code <f4}, float64 as {@code <f8}, int32 as {@code <i4}, C order,
 * format 1.0 (2.0 only for a header past 64 KiB), the header laid out byte for byte as
 * {@code np.save} lays it out; atomically (temporary file, then rename).
 */
public final class Npy {
    private Npy() {}

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /**
     * The array in {@code file} as a tensor of its shape.
     *
     * @throws DataFileException if the file is not a well-formed NPY file of a supported dtype
     */
    public static Tensor read(Path file) throws IOException {
        BinaryArrays.Source src = BinaryArrays.Source.of("Npy.read", file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, src);
        }
    }

    /** Reads one NPY array from {@code in}, which must end where the array ends. */
    static Tensor read(InputStream in, BinaryArrays.Source src) throws IOException {
        NpyHeader h = readHeader(in, src);
        int[] stored = h.shape().clone();
        if (h.fortranOrder()) reverse(stored);   // column-major data is the row-major data of the reversed shape
        String header = "dtype " + h;
        Tensor t = BinaryArrays.read(in, h.type(), h.order(), stored, h.type().natural, 1f, src, header);
        BinaryArrays.expectEnd(in, BinaryArrays.numel(stored) * h.type().size, src, header);
        if (h.fortranOrder() && stored.length > 1) {
            int[] perm = new int[stored.length];
            for (int i = 0; i < perm.length; i++) perm[i] = perm.length - 1 - i;
            t = t.permute(perm).contiguous();
        }
        return t;
    }

    private static NpyHeader readHeader(InputStream in, BinaryArrays.Source src) throws IOException {
        byte[] pre = in.readNBytes(8);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= pre.length || pre[i] != MAGIC[i]) {
                throw src.error("is not an NPY file: it does not start with the magic \\x93NUMPY (first bytes: "
                        + printable(pre) + ")");
            }
        }
        if (pre.length < 8) throw src.error("is truncated inside its magic number (" + pre.length + " bytes)");
        int major = pre[6] & 0xFF, minor = pre[7] & 0xFF;
        if (minor != 0 || major < 1 || major > 3) {
            throw src.error("has NPY format version " + major + "." + minor + "; this reader knows 1.0, 2.0 and 3.0");
        }
        int lenBytes = major == 1 ? 2 : 4;
        byte[] lb = in.readNBytes(lenBytes);
        if (lb.length < lenBytes) throw src.error("is truncated before its header length");
        ByteBuffer bb = ByteBuffer.wrap(lb).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = major == 1 ? bb.getShort() & 0xFFFF : bb.getInt() & 0xFFFFFFFFL;
        if (headerLen > 1 << 24) throw src.error("declares a " + headerLen + "-byte header; NumPy headers are far smaller");
        byte[] hb = in.readNBytes((int) headerLen);
        if (hb.length < headerLen) {
            throw src.error("is truncated in its header: " + headerLen + " bytes declared, " + hb.length + " present");
        }
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return NpyHeader.parse(text, src);
    }

    /**
     * Writes {@code t} to {@code file} atomically.
     *
     * {@snippet :
     * Npy.write(dir.resolve("x.npy"), Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
     * }
     */
    public static void write(Path file, Tensor t) throws IOException {
        AtomicFiles.write(file, out -> write(out, t));
    }

    /** Writes {@code t} as one NPY array to {@code out}. */
    static void write(OutputStream out, Tensor t) throws IOException {
        String descr;
        ElementType type;
        switch (t.dtype()) {
            case FLOAT32 -> { descr = "<f4"; type = ElementType.FLOAT32; }
            case FLOAT64 -> { descr = "<f8"; type = ElementType.FLOAT64; }
            case INT32 -> { descr = "<i4"; type = ElementType.INT32; }
            default -> throw new IllegalArgumentException("Npy.write: unsupported tensor type " + t.dtype());
        }
        int[] shape = t.shape().toArray();
        // As numpy.lib.format writes it: room for the first size to grow to 21 digits (so a file can
        // be appended to in place), then spaces and '\n' up to a multiple of 64 bytes.
        String dict = NpyHeader.format(descr, shape);
        if (shape.length > 0) dict += " ".repeat(21 - Integer.toString(shape[0]).length());
        int major = 1;
        int prefix = MAGIC.length + 2 + 2;
        int pad = 64 - (prefix + dict.length() + 1) % 64;
        if (dict.length() + pad + 1 > 0xFFFF) {   // too long for 1.0's 16-bit length: 2.0, as NumPy does
            major = 2;
            prefix += 2;
            pad = 64 - (prefix + dict.length() + 1) % 64;
        }
        int headerLen = dict.length() + pad + 1;
        byte[] text = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer pre = ByteBuffer.allocate(prefix).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) pre.putShort((short) headerLen);
        else pre.putInt(headerLen);
        out.write(pre.array());
        out.write(text);
        BinaryArrays.write(out, t, type, ByteOrder.LITTLE_ENDIAN);
    }

    private static void reverse(int[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            int x = a[i];
            a[i] = a[j];
            a[j] = x;
        }
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 8); i++) sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xFF));
        return b.length == 0 ? "none, the file is empty" : sb.toString();
    }
}
