package ai.deepj.train.tensorboard;

/**
 * Encodes the {@code tensorflow.Event} messages the writer needs. Field numbers, from TensorFlow's
 * {@code tensorflow/core/util/event.proto} and {@code tensorflow/core/framework/summary.proto}
 * (mirrored in TensorBoard's {@code tensorboard/compat/proto}):
 * <pre>
 * Event          { double wall_time = 1; int64 step = 2;
 *                  oneof what { string file_version = 3; Summary summary = 5; ... } }
 * Summary        { repeated Value value = 1; }
 * Summary.Value  { string tag = 1; oneof value { float simple_value = 2; HistogramProto histo = 5; ... } }
 * HistogramProto { double min = 1; double max = 2; double num = 3; double sum = 4; double sum_squares = 5;
 *                  repeated double bucket_limit = 6 [packed]; repeated double bucket = 7 [packed]; }
 * </pre>
 * As proto3 does, a scalar field at its default (step 0, wall time 0) is left out; members of a
 * {@code oneof} are always written, so a scalar of 0.0 still arrives as a value.
 */
final class Events {
    private Events() {}

    /** The version string of the event-file format, in the first record of every file. */
    static final String FILE_VERSION = "brain.Event:2";

    private static ProtoWriter event(double wallTime, long step) {
        ProtoWriter w = new ProtoWriter();
        if (wallTime != 0) w.float64(1, wallTime);
        if (step != 0) w.int64(2, step);
        return w;
    }

    /** The first event of a file: its format version. */
    static byte[] fileVersion(double wallTime) {
        return event(wallTime, 0).string(3, FILE_VERSION).toByteArray();
    }

    /** One event holding a scalar per tag, all at {@code step}. */
    static byte[] scalars(double wallTime, long step, String[] tags, float[] values) {
        ProtoWriter summary = new ProtoWriter();
        for (int i = 0; i < tags.length; i++) {
            summary.bytes(1, new ProtoWriter().string(1, tags[i]).float32(2, values[i]).toByteArray());
        }
        return event(wallTime, step).bytes(5, summary.toByteArray()).toByteArray();
    }

    /** One event holding a histogram. */
    static byte[] histogram(double wallTime, long step, String tag, Histogram h) {
        ProtoWriter histo = new ProtoWriter()
                .float64(1, h.min()).float64(2, h.max()).float64(3, h.num()).float64(4, h.sum()).float64(5, h.sumSquares())
                .packedDoubles(6, h.bucketLimits()).packedDoubles(7, h.bucketCounts());
        ProtoWriter value = new ProtoWriter().string(1, tag).bytes(5, histo.toByteArray());
        ProtoWriter summary = new ProtoWriter().bytes(1, value.toByteArray());
        return event(wallTime, step).bytes(5, summary.toByteArray()).toByteArray();
    }
}
