package ai.deepj.train.tensorboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent reader of event files for the tests: splits the TFRecord framing (checking both
 * CRCs of every record) and decodes the protobuf fields of the events, written from the format's
 * description rather than from the writer's code.
 */
final class EventFileReader {
    private EventFileReader() {}

    /** A record whose framing is broken. */
    static final class CorruptRecordException extends IOException {
        CorruptRecordException(String message) {
            super(message);
        }
    }

    /** One decoded Summary.Value: a scalar, or a histogram. */
    record Value(String tag, Float simpleValue, Histo histo) {}

    /** A decoded HistogramProto. */
    record Histo(double min, double max, double num, double sum, double sumSquares, double[] bucketLimit, double[] bucket) {}

    /** A decoded Event; absent proto3 fields read as their defaults. */
    record Event(double wallTime, long step, String fileVersion, List<Value> values) {}

    /** The payloads of all records of {@code file}. */
    static List<byte[]> records(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int at = b.position();
            if (b.remaining() < 12) throw new CorruptRecordException("record at byte " + at + ": truncated header");
            byte[] header = new byte[8];
            b.get(header);
            long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
            int lengthCrc = b.getInt();
            if (lengthCrc != masked(header)) throw new CorruptRecordException("record at byte " + at + ": length CRC mismatch");
            if (length > b.remaining() - 4) throw new CorruptRecordException("record at byte " + at + ": truncated data");
            byte[] data = new byte[(int) length];
            b.get(data);
            int dataCrc = b.getInt();
            if (dataCrc != masked(data)) throw new CorruptRecordException("record at byte " + at + ": data CRC mismatch");
            out.add(data);
        }
        return out;
    }

    /** CRC-32C computed bit by bit (polynomial 0x82F63B78, reflected), then masked. */
    static int masked(byte[] data) {
        int crc = 0xFFFFFFFF;
        for (byte x : data) {
            crc ^= x & 0xFF;
            for (int k = 0; k < 8; k++) crc = (crc >>> 1) ^ ((crc & 1) != 0 ? 0x82F63B78 : 0);
        }
        crc = ~crc;
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    static List<Event> events(Path file) throws IOException {
        List<Event> out = new ArrayList<>();
        for (byte[] r : records(file)) out.add(event(r));
        return out;
    }

    static Event event(byte[] data) {
        double wall = 0;
        long step = 0;
        String version = null;
        List<Value> values = new ArrayList<>();
        for (Field f : fields(data)) {
            switch (f.number) {
                case 1 -> wall = Double.longBitsToDouble(f.expect(1).bits);
                case 2 -> step = f.expect(0).bits;
                case 3 -> version = new String(f.expect(2).bytes, StandardCharsets.UTF_8);
                case 5 -> {
                    for (Field v : fields(f.expect(2).bytes)) {
                        if (v.number != 1) throw new IllegalStateException("Summary has unexpected field " + v.number);
                        values.add(value(v.expect(2).bytes));
                    }
                }
                default -> throw new IllegalStateException("Event has unexpected field " + f.number);
            }
        }
        return new Event(wall, step, version, values);
    }

    private static Value value(byte[] data) {
        String tag = null;
        Float simple = null;
        Histo histo = null;
        for (Field f : fields(data)) {
            switch (f.number) {
                case 1 -> tag = new String(f.expect(2).bytes, StandardCharsets.UTF_8);
                case 2 -> simple = Float.intBitsToFloat((int) f.expect(5).bits);
                case 5 -> histo = histo(f.expect(2).bytes);
                default -> throw new IllegalStateException("Summary.Value has unexpected field " + f.number);
            }
        }
        return new Value(tag, simple, histo);
    }

    private static Histo histo(byte[] data) {
        double[] s = new double[5];
        double[] limits = new double[0];
        double[] buckets = new double[0];
        for (Field f : fields(data)) {
            if (f.number >= 1 && f.number <= 5) {
                s[f.number - 1] = Double.longBitsToDouble(f.expect(1).bits);
            } else if (f.number == 6 || f.number == 7) {
                ByteBuffer b = ByteBuffer.wrap(f.expect(2).bytes).order(ByteOrder.LITTLE_ENDIAN);
                double[] d = new double[b.remaining() / 8];
                for (int i = 0; i < d.length; i++) d[i] = b.getDouble();
                if (f.number == 6) limits = d;
                else buckets = d;
            } else {
                throw new IllegalStateException("HistogramProto has unexpected field " + f.number);
            }
        }
        return new Histo(s[0], s[1], s[2], s[3], s[4], limits, buckets);
    }

    /** One wire-format field: for varint, I64 and I32 the value in {@code bits}; for LEN the bytes. */
    private record Field(int number, int wireType, long bits, byte[] bytes) {
        Field expect(int type) {
            if (wireType != type) throw new IllegalStateException("field " + number + " has wire type " + wireType + ", expected " + type);
            return this;
        }
    }

    private static List<Field> fields(byte[] data) {
        List<Field> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < data.length) {
            long key = varint(data, pos);
            int number = (int) (key >>> 3);
            int type = (int) (key & 7);
            switch (type) {
                case 0 -> out.add(new Field(number, type, varint(data, pos), null));
                case 1 -> {
                    out.add(new Field(number, type, ByteBuffer.wrap(data, pos[0], 8).order(ByteOrder.LITTLE_ENDIAN).getLong(), null));
                    pos[0] += 8;
                }
                case 2 -> {
                    int n = (int) varint(data, pos);
                    byte[] b = new byte[n];
                    System.arraycopy(data, pos[0], b, 0, n);
                    pos[0] += n;
                    out.add(new Field(number, type, 0, b));
                }
                case 5 -> {
                    out.add(new Field(number, type, ByteBuffer.wrap(data, pos[0], 4).order(ByteOrder.LITTLE_ENDIAN).getInt(), null));
                    pos[0] += 4;
                }
                default -> throw new IllegalStateException("unknown wire type " + type + " for field " + number);
            }
        }
        return out;
    }

    private static long varint(byte[] data, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = data[pos[0]++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
    }
}
