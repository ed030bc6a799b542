package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelEncoderTest {
    @TempDir
    Path dir;

    @Test
    void sortedByDefaultAndRoundTrips() {
        LabelEncoder enc = LabelEncoder.fit(List.of("dog", "cat", "dog", "bird"));
        assertEquals(List.of("bird", "cat", "dog"), enc.classes());
        Tensor y = enc.encode(List.of("cat", "dog", "bird", "cat"));
        assertEquals(DType.INT32, y.dtype());
        assertArrayEquals(new int[] {1, 2, 0, 1}, y.toIntArray());
        assertEquals(List.of("cat", "dog", "bird", "cat"), enc.decode(y));
        assertEquals(2, enc.code("dog"));
        assertEquals("bird", enc.label(0));
        assertEquals(List.of("dog", "cat"), enc.decode(Tensor.of(new int[] {2, 1}, 1, 2)), "any shape, row-major");
    }

    @Test
    void firstSeenOrderAndExplicitClasses() {
        LabelEncoder seen = LabelEncoder.fit(List.of("dog", "cat", "dog", "bird"), LabelEncoder.Order.FIRST_SEEN);
        assertEquals(List.of("dog", "cat", "bird"), seen.classes());
        assertArrayEquals(new int[] {2, 0}, seen.encode(List.of("bird", "dog")).toIntArray());
        LabelEncoder given = LabelEncoder.of(List.of("non-cat", "cat"));
        assertEquals(1, given.code("cat"));
    }

    @Test
    void sortsByCodePointAsPythonDoes() {
        // U+FF5E (fullwidth tilde) is one UTF-16 unit above the surrogates of U+1F600 (an emoji), so String.compareTo
        // would put the emoji first; Python's sorted() compares code points and puts U+FF5E first.
        String tilde = "\uFF5E", emoji = "\uD83D\uDE00";
        assertTrue(emoji.compareTo(tilde) < 0);
        assertEquals(List.of("B", "a", "ab", tilde, emoji), LabelEncoder.fit(List.of(emoji, "ab", tilde, "a", "B")).classes());
    }

    @Test
    void unknownLabelsAndCodesAreNamed() {
        LabelEncoder enc = LabelEncoder.fit(List.of("cat", "dog"));
        var e = assertThrows(IllegalArgumentException.class, () -> enc.encode(List.of("dog", "zebra")));
        assertTrue(e.getMessage().contains("unknown label 'zebra' at position 1") && e.getMessage().contains("[cat, dog]"),
                e.getMessage());
        var e1 = assertThrows(IllegalArgumentException.class, () -> enc.code("Cat"));
        assertTrue(e1.getMessage().contains("'Cat'"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> enc.decode(Tensor.of(new int[] {0, 2}, 2)));
        assertTrue(e2.getMessage().contains("code 2 at position 1 is outside [0, 2)"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> enc.decode(Tensor.of(new float[] {0}, 1)));
        assertTrue(e3.getMessage().contains("int32"), e3.getMessage());
        var dup = assertThrows(IllegalArgumentException.class, () -> LabelEncoder.of(List.of("a", "b", "a")));
        assertTrue(dup.getMessage().contains("'a' appears twice (positions 0 and 2)"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LabelEncoder.fit(List.of()));
        List<String> withNull = java.util.Arrays.asList("a", null);
        var n = assertThrows(IllegalArgumentException.class, () -> LabelEncoder.fit(withNull));
        assertTrue(n.getMessage().contains("position 1 is null"), n.getMessage());
    }

    @Test
    void manyClassesAreAbbreviatedInMessages() {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) names.add("c" + (100 + i));
        var e = assertThrows(IllegalArgumentException.class, () -> LabelEncoder.fit(names).code("x"));
        assertTrue(e.getMessage().contains("(100 in all)") && !e.getMessage().contains("c199"), e.getMessage());
    }

    @Test
    void jsonRoundTripAndFileRoundTrip() throws IOException {
        LabelEncoder enc = LabelEncoder.fit(List.of("zèbre", "chat \"tigré\"", "<chien>"), LabelEncoder.Order.FIRST_SEEN);
        String json = enc.toJson();
        assertTrue(json.contains("\"format\": \"deepj-label-encoder\"") && json.contains("\"version\": 1") && json.contains("<chien>"),
                json);
        assertEquals(enc.classes(), LabelEncoder.fromJson(json).classes());
        Path f = dir.resolve("labels.json");
        enc.save(f);
        enc.save(f); // replaces
        assertEquals(enc, LabelEncoder.load(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void badJsonIsRefusedWithTheReason() throws IOException {
        var v = assertThrows(IllegalArgumentException.class,
                () -> LabelEncoder.fromJson("{\"format\": \"deepj-label-encoder\", \"version\": 2, \"classes\": [\"a\"]}"));
        assertTrue(v.getMessage().contains("format version 2 is not supported"), v.getMessage());
        var noV = assertThrows(IllegalArgumentException.class,
                () -> LabelEncoder.fromJson("{\"format\": \"deepj-label-encoder\", \"classes\": [\"a\"]}"));
        assertTrue(noV.getMessage().contains("no format version"), noV.getMessage());
        var fmt = assertThrows(IllegalArgumentException.class, () -> LabelEncoder.fromJson("{\"format\": \"deepj-model\", \"version\": 1}"));
        assertTrue(fmt.getMessage().contains("not a label encoder"), fmt.getMessage());
        var cls = assertThrows(IllegalArgumentException.class,
                () -> LabelEncoder.fromJson("{\"format\": \"deepj-label-encoder\", \"version\": 1, \"classes\": [\"a\", 3]}"));
        assertTrue(cls.getMessage().contains("position 1 is not a string"), cls.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LabelEncoder.fromJson("{\"format\": \"deepj-label-encoder\", \"version\": 1, \"classes\": []}"));
        Path f = dir.resolve("cut.json");
        String full = LabelEncoder.fit(List.of("a", "b")).toJson();
        Files.writeString(f, full.substring(0, full.length() / 2), StandardCharsets.UTF_8);
        var cut = assertThrows(IOException.class, () -> LabelEncoder.load(f));
        assertTrue(cut.getMessage().contains("cut.json") && cut.getMessage().contains("not valid JSON"), cut.getMessage());
        Path bin = dir.resolve("bin.json");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        var b = assertThrows(IOException.class, () -> LabelEncoder.load(bin));
        assertTrue(b.getMessage().contains("bin.json") && b.getMessage().contains("UTF-8"), b.getMessage());
    }
}
