package ai.deepj.train.tensorboard;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few pieces of the protocol-buffer wire format the event files need: varints, 64- and 32-bit
 * fixed fields, length-delimited bytes (strings, nested messages) and packed doubles. Fields are
 * written in the order the caller gives, which should be ascending field number as protoc does.
 * See https://protobuf.dev/programming-guides/encoding/.
 */
final class ProtoWriter {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int I32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void key(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void rawFixed64(long v) {
        for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)));
    }

    /** An int64 / uint64 field, as a varint. */
    ProtoWriter int64(int field, long v) {
        key(field, VARINT);
        rawVarint(v);
        return this;
    }

    /** A double field, 8 bytes little-endian. */
    ProtoWriter float64(int field, double v) {
        key(field, I64);
        rawFixed64(Double.doubleToRawLongBits(v));
        return this;
    }

    /** A float field, 4 bytes little-endian. */
    ProtoWriter float32(int field, float v) {
        key(field, I32);
        int bits = Float.floatToRawIntBits(v);
        for (int i = 0; i < 4; i++) out.write(bits >>> (8 * i));
        return this;
    }

    /** A bytes field or an embedded message. */
    ProtoWriter bytes(int field, byte[] v) {
        key(field, LEN);
        rawVarint(v.length);
        out.writeBytes(v);
        return this;
    }

    /** A string field, UTF-8. */
    ProtoWriter string(int field, String v) {
        return bytes(field, v.getBytes(StandardCharsets.UTF_8));
    }

    /** A packed repeated double field. */
    ProtoWriter packedDoubles(int field, double[] v) {
        key(field, LEN);
        rawVarint(8L * v.length);
        for (double d : v) rawFixed64(Double.doubleToRawLongBits(d));
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
