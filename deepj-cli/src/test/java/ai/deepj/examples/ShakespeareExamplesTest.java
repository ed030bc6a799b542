package ai.deepj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.deepj.data.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Shakespeare language models end to end on the first 400 lines of the course's {@code shakespeare.txt}
 * (read at test time into a temporary file; skipped without the shared data), small and for two epochs:
 * the held-out perplexity is finite and below a uniform guess, the poems start with their prompts, and
 * the word model's vocabulary is capped with {@code <unk>}. How well the full runs do is in the docs.
 */
class ShakespeareExamplesTest {
    private static final String FILE = "shakespeare/shakespeare.txt";

    @TempDir
    Path tmp;

    private Path firstLines() throws IOException {
        Optional<Path> p = SharedData.find(FILE);
        assumeTrue(p.isPresent(), () -> "skipped: " + SharedData.missingReason(FILE));
        List<String> lines = Files.readAllLines(p.get(), StandardCharsets.UTF_8);
        Path f = tmp.resolve("sonnets-400.txt");
        Files.write(f, lines.subList(0, 400), StandardCharsets.UTF_8);
        return f;
    }

    private static PrintStream sink() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void theCharacterLstmTrainsWithTruncatedBpttAndCompletesPoems() throws IOException {
        WritingLikeShakespeare.Options o = new WritingLikeShakespeare.Options(48, 8, 32, 2, 5e-3, 5, 1.0, 2, List.of("Shall I compare thee "),
                0.1, 3, firstLines());
        WritingLikeShakespeare.Result r = WritingLikeShakespeare.run(o, sink());
        assertTrue(r.heldOutPerplexity() < r.vocabularySize(), "held-out perplexity " + r.heldOutPerplexity() + " of " + r.vocabularySize());
        assertEquals(2, r.history().epochs().size());
        assertTrue(r.history().metric("dev_perplexity")[1] < r.history().metric("dev_perplexity")[0], "the dev stream's perplexity falls");
        assertTrue(r.poems().get(0).startsWith("Shall I compare thee "));
        assertTrue(r.poems().get(0).length() > "Shall I compare thee ".length());
    }

    @Test
    void theWordModelCapsItsVocabularyAndTrains() throws IOException {
        ShakespeareWords.Options o = new ShakespeareWords.Options(300, 16, 32, 8, 10, 2, 5e-3, 1.0, "Shall I compare thee", 0.1, 3, firstLines());
        ShakespeareWords.Result r = ShakespeareWords.run(o, sink());
        assertEquals(300, r.vocabularySize());
        assertTrue(r.unknownRate() > 0, "some held-out words are <unk>");
        assertTrue(r.heldOutPerplexity() < r.vocabularySize(), "held-out perplexity " + r.heldOutPerplexity());
        assertTrue(r.text().startsWith("shall i compare thee"), r.text());
        assertEquals(List.of("beauty's", "rose", "might", "never", "die", ","), ShakespeareWords.words("That Beauty's rose might never die,").subList(1, 7));
    }
}
