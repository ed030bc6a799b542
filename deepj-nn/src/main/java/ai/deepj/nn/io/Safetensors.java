package ai.deepj.nn.io;

import ai.deepj.io.AtomicFiles;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Gson;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format,
 * which Python's {@code safetensors} (and so PyTorch, JAX, Hugging Face) read and write: an 8-byte
 * little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON
 * {@code {"__metadata__": {...}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...}}
 * padded with spaces to a multiple of 8, then the raw little-endian, row-major tensor data, where
 * {@code data_offsets} count from the start of the data.
 *
 * {@snippet :
 * Safetensors.write(Path.of("w.safetensors"), Map.of("w", Tensor.ones(2, 3)), Map.of("note", "hi"));
 * Safetensors.Contents c = Safetensors.read(Path.of("w.safetensors"));
 * Tensor w = c.tensors().get("w");         // float32 [2, 3]
 * String note = c.metadata().get("note");  // "hi"
 * }
 *
 * <p><b>Types.</b> deepj writes {@code F32}, {@code F64} and {@code I32} (its three types) and reads
 * them back as the same type. It also reads {@code I64} (PyTorch's type for labels and counters such as
 * batch norm's {@code num_batches_tracked}) as int32 when every value fits, and refuses it, naming the
 * tensor and the value, when one does not. Other types ({@code F16}, {@code BF16}, {@code BOOL}, ...)
 * are refused with a message naming the tensor and its type.
 *
 * <p><b>Validation.</b> Reading checks everything the reference implementation checks, and a little
 * more: the header length against the file size, the header as strict UTF-8 JSON with no duplicate
 * names, every shape entry a non-negative integer, every tensor's byte length equal to its element
 * count times its type size, and the offsets covering the data section exactly, without gaps or
 * overlaps. Any failure is a {@link FileFormatException} naming the file and the problem.
 *
 * <p><b>Layout written.</b> Like the reference writer, tensors are laid out by type, widest first
 * ({@code F64}, {@code F32}, {@code I32}), then by name in UTF-8 byte order, and the header is compact
 * JSON padded with spaces to a multiple of 8 bytes. For the same tensors and at most one metadata entry
 * the output is byte for byte what Python's {@code safetensors.torch.save_file} (or {@code .numpy.save_file}) writes (checked with
 * safetensors 0.8.0). Differences: metadata entries are written sorted by key (the reference writes them
 * in hash order, which varies), and the characters U+2028 and U+2029 in names are escaped as
 * <code>&#92;u2028</code>/<code>&#92;u2029</code> (Gson) where the reference writes them raw; both readers accept both.
 *
 * <p><b>Interoperability check</b> (run by hand during development; the Java tests do not need Python).
 * {@code PythonInteropTest.main} (test sources) writes a file with F32, F64, I32, rank-0, empty and
 * non-ASCII-named tensors, a 100,000-element tensor and three metadata entries; then
 * <pre>{@code
 * /opt/torchenv/bin/python -c "from safetensors.numpy import load_file; from safetensors import safe_open; \
 *   d = load_file('java.safetensors'); [print(k, v.dtype, v.shape, v.ravel()[:6]) for k, v in d.items()]; \
 *   print(safe_open('java.safetensors', 'np').metadata())"
 * }</pre>
 * (safetensors 0.8.0, numpy 2.4) printed every tensor with the right dtype (float32/float64/int32), shape
 * and values, including int32's extremes, {@code -0.0} and {@code 1e-30}, and the metadata. The other
 * direction is tested: {@code PythonInteropTest} reads the committed {@code io/python.safetensors} written
 * by {@code tools/fixtures/generate_safetensors.py} and compares every value, and checks that this writer
 * produces exactly the bytes of {@code io/layout.safetensors}.
 */
public final class Safetensors {
    private Safetensors() {}

    /**
     * What a safetensors file holds.
     *
     * @param tensors  tensors by name, in the order of the header
     * @param metadata the {@code __metadata__} entries (empty if the file has none)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        /** Copies both maps (unmodifiable, order kept). */
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** The reference implementation refuses headers above 100 MB; so does this reader. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The key under which the header holds free-form string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    /** Bytes converted per chunk when copying tensor data to and from the file. */
    private static final int CHUNK = 1 << 16;

    /** Type names of the safetensors format that this reader knows but does not read. */
    private static final Set<String> OTHER_DTYPES = Set.of("BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "U32", "U64",
            "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    /** Reads one JSON value keeping the reader strict (JsonParser.parseReader would switch it to lenient). */
    private static final TypeAdapter<JsonElement> JSON_ELEMENT = new Gson().getAdapter(JsonElement.class);

    private static final Pattern UNSIGNED_INTEGER = Pattern.compile("0|[1-9][0-9]{0,17}");

    // ------------------------------------------------------------------ writing

    /** Writes {@code tensors} to {@code file} atomically, without metadata. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file} atomically ({@link AtomicFiles}):
     * a failure or crash leaves any previous file as it was.
     *
     * @throws IllegalArgumentException if a name is {@code __metadata__} or a tensor or metadata value is null
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Layout layout = Layout.of(tensors, metadata);
        AtomicFiles.write(file, out -> layout.writeTo(out));
    }

    /** Writes the file's bytes to {@code out} (not closed): for sending over a network, or hashing. */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Layout.of(tensors, metadata).writeTo(out);
    }

    /** Where each tensor goes: widest type first, then by name, as the reference writer orders them. */
    private record Layout(List<Map.Entry<String, Tensor>> order, byte[] header) {
        static Layout of(Map<String, Tensor> tensors, Map<String, String> metadata) {
            List<Map.Entry<String, Tensor>> order = new ArrayList<>();
            for (var e : tensors.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("safetensors: null name or tensor ('" + e.getKey() + "')");
                }
                if (e.getKey().equals(METADATA_KEY)) {
                    throw new IllegalArgumentException("safetensors: a tensor cannot be named " + METADATA_KEY);
                }
                order.add(Map.entry(e.getKey(), e.getValue()));
            }
            order.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> widthRank(e.getValue().dtype()))
                    .thenComparing((a, b) -> Arrays.compareUnsigned(utf8(a.getKey()), utf8(b.getKey()))));
            Map<String, String> meta = new TreeMap<>();
            for (var e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("safetensors: null metadata key or value ('" + e.getKey() + "')");
                }
                meta.put(e.getKey(), e.getValue());
            }
            return new Layout(order, header(order, meta));
        }

        private static byte[] header(List<Map.Entry<String, Tensor>> order, Map<String, String> metadata) {
            StringWriter sw = new StringWriter();
            try (JsonWriter w = new JsonWriter(sw)) {
                w.setHtmlSafe(false);
                w.beginObject();
                if (!metadata.isEmpty()) {
                    w.name(METADATA_KEY).beginObject();
                    for (var e : metadata.entrySet()) w.name(e.getKey()).value(e.getValue());
                    w.endObject();
                }
                long offset = 0;
                for (var e : order) {
                    Tensor t = e.getValue();
                    long bytes = t.numel() * t.dtype().byteSize();
                    w.name(e.getKey()).beginObject();
                    w.name("dtype").value(dtypeName(t.dtype()));
                    w.name("shape").beginArray();
                    for (int d : t.shape().toArray()) w.value(d);
                    w.endArray();
                    w.name("data_offsets").beginArray().value(offset).value(offset + bytes).endArray();
                    w.endObject();
                    offset += bytes;
                }
                w.endObject();
            } catch (IOException e) {
                throw new IllegalStateException("writing to a StringWriter cannot fail", e);
            }
            byte[] json = utf8(sw.toString());
            byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
            Arrays.fill(padded, json.length, padded.length, (byte) ' ');
            return padded;
        }

        void writeTo(OutputStream out) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length);
            out.write(buf.array(), 0, 8);
            out.write(header);
            for (var e : order) {
                Tensor t = e.getValue().detach();
                switch (t.dtype()) {
                    case FLOAT32 -> {
                        float[] a = t.toFloatArray();
                        for (int i = 0; i < a.length; i += CHUNK / 4) {
                            int n = Math.min(CHUNK / 4, a.length - i);
                            buf.clear();
                            buf.asFloatBuffer().put(a, i, n);
                            out.write(buf.array(), 0, n * 4);
                        }
                    }
                    case FLOAT64 -> {
                        double[] a = t.toDoubleArray();
                        for (int i = 0; i < a.length; i += CHUNK / 8) {
                            int n = Math.min(CHUNK / 8, a.length - i);
                            buf.clear();
                            buf.asDoubleBuffer().put(a, i, n);
                            out.write(buf.array(), 0, n * 8);
                        }
                    }
                    case INT32 -> {
                        int[] a = t.toIntArray();
                        for (int i = 0; i < a.length; i += CHUNK / 4) {
                            int n = Math.min(CHUNK / 4, a.length - i);
                            buf.clear();
                            buf.asIntBuffer().put(a, i, n);
                            out.write(buf.array(), 0, n * 4);
                        }
                    }
                }
            }
        }
    }

    /** The reference orders types by width, widest first; among deepj's types that is F64, F32, I32. */
    private static int widthRank(DType t) {
        return switch (t) {
            case FLOAT64 -> 0;
            case FLOAT32 -> 1;
            case INT32 -> 2;
        };
    }

    private static String dtypeName(DType t) {
        return switch (t) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT32 -> "I32";
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ reading

    /** One header entry, checked for form but not yet against the data section. */
    private record Entry(String name, String dtype, int elementSize, int[] shape, long numel, long begin, long end) {
        String describe() {
            return "'" + name + "' (" + dtype + " " + Arrays.toString(shape) + ", data_offsets [" + begin + ", " + end + "])";
        }
    }

    /**
     * Reads every tensor and the metadata of {@code file}.
     *
     * @throws FileFormatException if the file is truncated, corrupt, or holds a type deepj does not read
     * @throws java.nio.file.NoSuchFileException if it does not exist
     */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new FileFormatException(file, "file has " + size + " bytes, fewer than the 8 of the header length"
                        + " (truncated, or not a safetensors file)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(file, ch, lenBuf, 0);
            long n = lenBuf.flip().getLong();
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw new FileFormatException(file, "header length " + Long.toUnsignedString(n) + " is beyond the "
                        + MAX_HEADER_BYTES + "-byte limit (corrupt, or not a safetensors file)");
            }
            if (n > size - 8) {
                throw new FileFormatException(file, "header length " + n + " exceeds the " + (size - 8)
                        + " bytes that follow it (truncated, or not a safetensors file)");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
            readFully(file, ch, headerBuf, 8);
            String json;
            try {
                json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBuf.flip()).toString();
            } catch (CharacterCodingException e) {
                throw new FileFormatException(file, "header is not valid UTF-8 (corrupt, or not a safetensors file)", e);
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = parseHeader(file, json, metadata);
            checkLayout(file, entries, size - 8 - n);
            return new Contents(readData(file, ch, 8 + n, entries), metadata);
        }
    }

    private static List<Entry> parseHeader(Path file, String json, Map<String, String> metadata) throws FileFormatException {
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try {
            JsonReader r = new JsonReader(new StringReader(json));
            r.setStrictness(Strictness.STRICT);
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new FileFormatException(file, "header is not a JSON object (starts with " + r.peek() + ")");
            }
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                if (!seen.add(name)) throw new FileFormatException(file, "header names '" + name + "' twice");
                JsonElement value = JSON_ELEMENT.read(r);
                if (name.equals(METADATA_KEY)) {
                    parseMetadata(file, value, metadata);
                } else {
                    entries.add(parseEntry(file, name, value));
                }
            }
            r.endObject();
            boolean trailing;
            try {
                trailing = r.peek() != JsonToken.END_DOCUMENT;
            } catch (IOException e) {
                trailing = true; // a strict reader refuses a second top-level value outright
            }
            if (trailing) throw new FileFormatException(file, "header has content after its JSON object");
        } catch (IOException | JsonParseException | IllegalStateException e) {
            if (e instanceof FileFormatException f) throw f;
            throw new FileFormatException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        return entries;
    }

    private static void parseMetadata(Path file, JsonElement value, Map<String, String> metadata) throws FileFormatException {
        if (!value.isJsonObject()) throw new FileFormatException(file, METADATA_KEY + " is not a JSON object: " + value);
        for (var e : value.getAsJsonObject().entrySet()) {
            if (!(e.getValue() instanceof JsonPrimitive p) || !p.isString()) {
                throw new FileFormatException(file, METADATA_KEY + " entry '" + e.getKey() + "' is not a string: " + e.getValue());
            }
            metadata.put(e.getKey(), p.getAsString());
        }
    }

    private static Entry parseEntry(Path file, String name, JsonElement value) throws FileFormatException {
        String where = "tensor '" + name + "'";
        if (!(value instanceof JsonObject o)) throw new FileFormatException(file, where + " is not a JSON object: " + value);
        if (!(o.get("dtype") instanceof JsonPrimitive dp) || !dp.isString()) {
            throw new FileFormatException(file, where + " has no string 'dtype': " + value);
        }
        String dtype = dp.getAsString();
        int elementSize = switch (dtype) {
            case "F32", "I32" -> 4;
            case "F64", "I64" -> 8;
            default -> throw new FileFormatException(file, where + " has " + (OTHER_DTYPES.contains(dtype) ? "dtype " : "unknown dtype ")
                    + dtype + ", which deepj does not read (it reads F32, F64, I32, and I64 whose values fit in int32)");
        };
        long[] shapeLong = unsignedArray(file, where, "shape", o.get("shape"), -1);
        int[] shape = new int[shapeLong.length];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shapeLong[i] > Integer.MAX_VALUE) {
                throw new FileFormatException(file, where + " has shape " + Arrays.toString(shapeLong) + ", beyond deepj's int sizes");
            }
            shape[i] = (int) shapeLong[i];
            numel *= shape[i];
            // 2^31 - 17 elements is the most one Java array holds; checking each step also keeps numel from overflowing
            if (numel > Integer.MAX_VALUE - 16) {
                throw new FileFormatException(file, where + " has shape " + Arrays.toString(shapeLong)
                        + ": more elements than fit in one Java array");
            }
        }
        long[] offsets = unsignedArray(file, where, "data_offsets", o.get("data_offsets"), 2);
        return new Entry(name, dtype, elementSize, shape, numel, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers (of {@code length} entries unless it is -1). */
    private static long[] unsignedArray(Path file, String where, String key, JsonElement value, int length) throws FileFormatException {
        String problem = where + ": '" + key + "' must be a list of " + (length < 0 ? "" : length + " ")
                + "non-negative integers, got " + value;
        if (!(value instanceof JsonArray a) || (length >= 0 && a.size() != length)) throw new FileFormatException(file, problem);
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            // Checking the literal text (rather than getAsLong) refuses 2.5, -1, 1e3 and values beyond 10^18.
            if (!(a.get(i) instanceof JsonPrimitive p) || !p.isNumber() || !UNSIGNED_INTEGER.matcher(p.getAsString()).matches()) {
                throw new FileFormatException(file, problem);
            }
            out[i] = Long.parseLong(p.getAsString());
        }
        return out;
    }

    /** Every tensor's bytes fit its type and shape, and together they tile the data section exactly. */
    private static void checkLayout(Path file, List<Entry> entries, long dataBytes) throws FileFormatException {
        for (Entry e : entries) {
            if (e.end < e.begin) throw new FileFormatException(file, "tensor " + e.describe() + " ends before it begins");
            long need = e.numel * e.elementSize;
            if (e.end - e.begin != need) {
                throw new FileFormatException(file, "tensor " + e.describe() + " spans " + (e.end - e.begin) + " bytes, but "
                        + e.numel + " elements of " + e.dtype + " need " + need);
            }
            if (e.end > dataBytes) {
                throw new FileFormatException(file, "tensor " + e.describe() + " runs past the end of the " + dataBytes
                        + "-byte data section (file truncated?)");
            }
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long pos = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.begin < pos) {
                throw new FileFormatException(file, "tensor " + e.describe() + " overlaps tensor " + previous.describe());
            }
            if (e.begin > pos) {
                throw new FileFormatException(file, "bytes " + pos + " to " + e.begin + " of the data section belong to no tensor"
                        + " (gap before " + e.describe() + ")");
            }
            pos = e.end;
            previous = e;
        }
        if (pos != dataBytes) {
            throw new FileFormatException(file, "the data section has " + dataBytes + " bytes but the tensors cover only " + pos
                    + " (trailing bytes: corrupt file or wrong header)");
        }
    }

    private static Map<String, Tensor> readData(Path file, FileChannel ch, long dataStart, List<Entry> entries) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : entries) {
            int n = (int) e.numel;
            long pos = dataStart + e.begin;
            int perChunk = CHUNK / e.elementSize;
            Tensor t = switch (e.dtype) {
                case "F32" -> {
                    float[] a = new float[n];
                    for (int i = 0; i < n; i += perChunk) {
                        int k = Math.min(perChunk, n - i);
                        readChunk(file, ch, buf, pos + (long) i * 4, k * 4).asFloatBuffer().get(a, i, k);
                    }
                    yield Tensor.of(a, e.shape);
                }
                case "F64" -> {
                    double[] a = new double[n];
                    for (int i = 0; i < n; i += perChunk) {
                        int k = Math.min(perChunk, n - i);
                        readChunk(file, ch, buf, pos + (long) i * 8, k * 8).asDoubleBuffer().get(a, i, k);
                    }
                    yield Tensor.of(a, e.shape);
                }
                case "I32" -> {
                    int[] a = new int[n];
                    for (int i = 0; i < n; i += perChunk) {
                        int k = Math.min(perChunk, n - i);
                        readChunk(file, ch, buf, pos + (long) i * 4, k * 4).asIntBuffer().get(a, i, k);
                    }
                    yield Tensor.of(a, e.shape);
                }
                case "I64" -> {
                    int[] a = new int[n];
                    for (int i = 0; i < n; i += perChunk) {
                        int k = Math.min(perChunk, n - i);
                        var longs = readChunk(file, ch, buf, pos + (long) i * 8, k * 8).asLongBuffer();
                        for (int j = 0; j < k; j++) {
                            long v = longs.get(j);
                            if (v != (int) v) {
                                throw new FileFormatException(file, "tensor " + e.describe() + " holds " + v + " at flat index "
                                        + (i + j) + ", outside the int32 range that deepj reads I64 into");
                            }
                            a[i + j] = (int) v;
                        }
                    }
                    yield Tensor.of(a, e.shape);
                }
                default -> throw new IllegalStateException("parseEntry admits only F32, F64, I32, I64, not " + e.dtype);
            };
            out.put(e.name, t);
        }
        return out;
    }

    /** Reads {@code length} bytes at {@code position} into {@code buf} and returns it flipped, ready to read. */
    private static ByteBuffer readChunk(Path file, FileChannel ch, ByteBuffer buf, long position, int length) throws IOException {
        buf.clear().limit(length);
        readFully(file, ch, buf, position);
        return buf.flip();
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) throw new FileFormatException(file, "file ended at byte " + p + " while reading (truncated while being read?)");
            p += r;
        }
    }
}
