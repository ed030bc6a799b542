package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.deepj.tensor.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    private Path csv(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static int[] counts(int[] labels, int k) {
        int[] c = new int[k];
        for (int v : labels) c[v]++;
        return c;
    }

    // ------------------------------------------------------------------ the course's Emojify files

    private static Path emojify(String name) {
        var p = SharedData.find("emojify/" + name);
        assumeTrue(p.isPresent(), () -> "skipped: " + SharedData.missingReason("emojify/" + name));
        return p.get();
    }

    @Test
    void readsEmojifySentencesAndLabels() throws IOException {
        // sentence,label,, with no header; the last column sometimes holds stray text such as " [0]"
        Csv.Options o = Csv.Options.defaults().withHeader(false).withText(0).withLabel(1).withIgnored(2, 3);
        Csv.Result train = Csv.read(emojify("train_emoji.csv"), o);
        assertArrayEquals(new int[] {132, 0}, train.x().shape().toArray());
        assertEquals(DType.INT32, train.y().dtype());
        assertEquals(List.of("0", "1", "2", "3", "4"), train.classes());
        assertArrayEquals(new int[] {22, 19, 38, 36, 17}, counts(train.y().toIntArray(), 5));   // shared/data/README.md
        List<String> sentences = train.text().get("0");
        assertEquals(132, sentences.size());
        assertEquals("never talk to me again", sentences.get(0));
        assertEquals(3, train.y().toIntArray()[0]);
        assertEquals("Miss you so much", sentences.get(3));
        assertEquals(0, train.y().toIntArray()[3]);

        // The test file has only two columns and quoted sentences ending in a TAB; same encoding.
        Csv.Result test = Csv.read(emojify("test_emoji.csv"), o.withEncodingFrom(train));
        assertArrayEquals(new int[] {7, 8, 18, 16, 7}, counts(test.y().toIntArray(), 5));
        assertEquals("I want to eat\t", test.text().get("0").get(0));
        assertEquals(4, test.y().toIntArray()[0]);
        assertEquals(56, test.dataset().size());
    }

    // ------------------------------------------------------------------ generated files

    @Test
    void encodesNumericCategoricalAndLabelColumns() throws IOException {
        Path f = csv("penguins.csv", """
                bill,island,mass,species
                39.1,Torgersen,3750,Adelie
                46.5,Dream,3500,Chinstrap
                50.0,"Biscoe",5000,Gentoo
                """);
        Csv.Result r = Csv.read(f, Csv.Options.defaults().withLabel("species").withCategorical("island"));
        assertEquals(List.of("bill", "island=Biscoe", "island=Dream", "island=Torgersen", "mass"), r.featureNames());
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), r.classes());
        assertEquals(List.of("Biscoe", "Dream", "Torgersen"), r.encoding().categories("island"));
        assertEquals("species", r.encoding().labelColumn());
        assertEquals(DType.FLOAT32, r.x().dtype());
        assertArrayEquals(new float[] {
            39.1f, 0, 0, 1, 3750,
            46.5f, 0, 1, 0, 3500,
            50.0f, 1, 0, 0, 5000}, r.x().toFloatArray());
        assertArrayEquals(new int[] {0, 1, 2}, r.y().toIntArray());
    }

    @Test
    void integerClassesSortNumericallySoTheyKeepTheirValues() throws IOException {
        Path f = csv("ints.csv", "x,y\n1,10\n2,9\n3,2\n4,10\n");
        Csv.Result r = Csv.read(f, Csv.Options.defaults().withLabel("y"));
        assertEquals(List.of("2", "9", "10"), r.classes());
        assertArrayEquals(new int[] {2, 1, 0, 2}, r.y().toIntArray());
    }

    @Test
    void regressionWithFloat64AndOtherDelimiters() throws IOException {
        Path f = csv("reg.tsv", "a\tb\ttarget\n1e-3\t-2\t0.1\n+.5\tinf\t-3E2\n");
        Csv.Result r = Csv.read(f, Csv.Options.defaults().withDelimiter('\t').withLabel(2)
                .withTask(Csv.Task.REGRESSION).withDtype(DType.FLOAT64));
        assertEquals(DType.FLOAT64, r.y().dtype());
        assertArrayEquals(new double[] {1e-3, -2, 0.5, Double.POSITIVE_INFINITY}, r.x().toDoubleArray());
        assertArrayEquals(new double[] {0.1, -300}, r.y().toDoubleArray());
        assertTrue(r.classes().isEmpty());
        Path g = csv("semi.csv", "1;2\n3;4\n");
        Csv.Result s = Csv.read(g, Csv.Options.defaults().withHeader(false).withDelimiter(';'));
        assertNull(s.y());
        assertEquals(List.of("0", "1"), s.featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4}, s.x().toFloatArray());
    }

    @Test
    void quotingFollowsRfc4180() throws IOException {
        // BOM, CRLF, quoted delimiters, doubled quotes, a line break inside quotes, an empty line
        Path f = csv("quoted.csv", "\uFEFFnote,v\r\n\"a, b\",1\r\n\"say \"\"hi\"\"\",2\r\n\r\n\"two\nlines\",3\r\n\"\",4");
        Csv.Result r = Csv.read(f, Csv.Options.defaults().withText("note"));
        assertEquals(List.of("a, b", "say \"hi\"", "two\nlines", ""), r.text().get("note"));
        assertArrayEquals(new float[] {1, 2, 3, 4}, r.x().toFloatArray());
        assertEquals(List.of("v"), r.featureNames());
    }

    @Test
    void devFileGetsTheTrainingEncoding() throws IOException {
        Csv.Options o = Csv.Options.defaults().withLabel("label").withCategorical("color");
        Csv.Result train = Csv.read(csv("train.csv", "size,color,label\n1,red,yes\n2,blue,no\n3,green,yes\n"), o);
        // columns in another order: the features still line up with training
        Csv.Result dev = Csv.read(csv("dev.csv", "label,color,size\nno,green,7\nyes,red,8\n"), o.withEncodingFrom(train));
        assertEquals(train.featureNames(), dev.featureNames());
        assertArrayEquals(new float[] {7, 0, 1, 0, 8, 0, 0, 1}, dev.x().toFloatArray());
        assertArrayEquals(new int[] {0, 1}, dev.y().toIntArray());

        Path unseen = csv("unseen.csv", "size,color,label\n1,red,yes\n5,purple,no\n");
        var e = assertThrows(DataFileException.class, () -> Csv.read(unseen, o.withEncodingFrom(train)));
        assertTrue(e.getMessage().contains("unseen.csv line 3, column 'color' (index 1): category 'purple' is not in the encoding "
                + "(known: blue, green, red)"), e.getMessage());
        Csv.Result zeros = Csv.read(unseen, o.withEncodingFrom(train).withUnseenCategories(Csv.Unseen.ZEROS));
        assertArrayEquals(new float[] {1, 0, 0, 1, 5, 0, 0, 0}, zeros.x().toFloatArray());

        Path badLabel = csv("badlabel.csv", "size,color,label\n1,red,maybe\n");
        e = assertThrows(DataFileException.class, () -> Csv.read(badLabel, o.withEncodingFrom(train)));
        assertTrue(e.getMessage().contains("line 2, column 'label' (index 2): label class 'maybe' is not in the encoding (known: no, yes)"),
                e.getMessage());

        Csv.Result unlabelled = Csv.read(csv("test.csv", "size,color\n4,blue\n"), o.withEncodingFrom(train));
        assertNull(unlabelled.y());
        assertArrayEquals(new float[] {4, 1, 0, 0}, unlabelled.x().toFloatArray());

        e = assertThrows(DataFileException.class, () -> Csv.read(csv("extra.csv", "size,color,weight\n1,red,3\n"), o.withEncodingFrom(train)));
        assertTrue(e.getMessage().contains("column 'weight' is not in the encoding"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> Csv.read(csv("less.csv", "color,label\nred,yes\n"), o.withEncodingFrom(train)));
        assertTrue(e.getMessage().contains("has no column 'size', which the encoding reads as numeric"), e.getMessage());
    }

    // ------------------------------------------------------------------ malformed files

    private String error(String name, String content, Csv.Options o) throws IOException {
        Path f = csv(name, content);
        var e = assertThrows(DataFileException.class, () -> Csv.read(f, o));
        assertTrue(e.getMessage().startsWith("Csv.read: ") && e.getMessage().contains(name), e.getMessage());
        return e.getMessage();
    }

    @Test
    void nonNumericAndMissingValuesNameFileLineAndColumn() throws IOException {
        Csv.Options o = Csv.Options.defaults().withLabel("y");
        String m = error("word.csv", "a,b,y\n1,2,0\n3,abc,1\n", o);
        assertTrue(m.contains("word.csv line 3, column 'b' (index 1): 'abc' is not a number")
                && m.contains("withCategorical(\"b\")"), m);
        m = error("empty.csv", "a,b,y\n1,,0\n", o);
        assertTrue(m.contains("line 2, column 'b' (index 1): missing value (empty field)"), m);
        m = error("na.csv", "a,b,y\n1,2,0\n\n\"x\ny\",NA,1\n", o.withText("a"));
        assertTrue(m.contains("line 4, column 'b' (index 1): missing value ('NA')"), m);   // the record starts on line 4
        m = error("nolabel.csv", "a,b,y\n1,2,\n", o);
        assertTrue(m.contains("column 'y' (index 2): missing value"), m);
        m = error("noheader.csv", "1,2\n3,1d\n", Csv.Options.defaults().withHeader(false));
        assertTrue(m.contains("line 2, column index 1: '1d' is not a number"), m);
    }

    @Test
    void malformedCsvStructureIsNamed() throws IOException {
        Csv.Options o = Csv.Options.defaults();
        String m = error("ragged.csv", "a,b,c\n1,2,3\n4,5\n", o);
        assertTrue(m.contains("ragged.csv line 3 has 2 fields but the header has 3"), m);
        m = error("open.csv", "a,b\n1,\"never closed\n2,3\n", o);
        assertTrue(m.contains("line 2: a quoted field opened on line 2 is never closed"), m);
        m = error("inner.csv", "a,b\n1,5'11\"\n", o);
        assertTrue(m.contains("line 2: a quote inside unquoted field 1"), m);
        m = error("after.csv", "a,b\n\"1\"x,2\n", o);
        assertTrue(m.contains("line 2: unexpected 'x' after the closing quote of field 0"), m);
        m = error("dup.csv", "a,b,a\n1,2,3\n", o);
        assertTrue(m.contains("names column 'a' twice (indices 0 and 2)"), m);
        m = error("nothing.csv", "", o);
        assertTrue(m.contains("is empty"), m);
        Path latin1 = Files.write(dir.resolve("latin1.csv"), new byte[] {'a', '\n', (byte) 0xE9, '\n'});
        var e = assertThrows(DataFileException.class, () -> Csv.read(latin1, o.withText("a")));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void optionsThatDoNotFitTheFileAreCallerMistakes() throws IOException {
        Path f = csv("ok.csv", "a,b\n1,2\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f, Csv.Options.defaults().withLabel("c")));
        assertTrue(e.getMessage().contains("no column 'c' (the header has: a, b)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f, Csv.Options.defaults().withLabel(5)));
        assertTrue(e.getMessage().contains("no column index 5: the file has 2 columns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f, Csv.Options.defaults().withHeader(false).withLabel("a")));
        assertTrue(e.getMessage().contains("chosen by name but the options say the file has no header"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f, Csv.Options.defaults().withCategorical("a").withIgnored(0)));
        assertTrue(e.getMessage().contains("two roles: categorical and ignored"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Csv.Options.defaults().withDtype(DType.INT32));
    }
}
