package ai.deepj.examples;

import ai.deepj.data.SharedData;
import ai.deepj.tensor.Generator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The course's {@code shakespeare.txt} (the Sonnets), lower-cased as the course reads it, split by lines:
 * a seeded fraction of the non-empty lines is held out; the training text is the other lines in their
 * order (blank lines between sonnets kept), joined by {@code '\n'}.
 *
 * @param all      the whole lower-cased text
 * @param train    the training lines, in order
 * @param heldOut  the held-out lines, in order
 */
record ShakespeareText(String all, List<String> train, List<String> heldOut) {
    /** The file of {@code data}, or the shared data's {@code shakespeare/shakespeare.txt}. */
    static Path file(String who, Path data) {
        return data != null ? data : SharedData.find("shakespeare/shakespeare.txt").orElseThrow(() ->
                new IllegalStateException(who + ": " + SharedData.missingReason("shakespeare/shakespeare.txt")));
    }

    static ShakespeareText load(Path file, double heldOut, long seed) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).replace("\r", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String[] lines = text.split("\n", -1);
        List<Integer> nonEmpty = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) if (!lines[i].isBlank()) nonEmpty.add(i);
        if (nonEmpty.size() < 20) throw new IllegalArgumentException(file + ": only " + nonEmpty.size() + " non-empty lines; need at least 20");
        Generator g = Generator.seeded(seed);
        for (int i = nonEmpty.size() - 1; i > 0; i--) {   // Fisher–Yates, then the first heldOut fraction is held out
            int k = g.nextInt(i + 1);
            Integer t = nonEmpty.get(i);
            nonEmpty.set(i, nonEmpty.get(k));
            nonEmpty.set(k, t);
        }
        boolean[] held = new boolean[lines.length];
        int n = Math.max(1, (int) Math.round(heldOut * nonEmpty.size()));
        for (int i = 0; i < n; i++) held[nonEmpty.get(i)] = true;
        List<String> train = new ArrayList<>(), test = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) (held[i] ? test : train).add(lines[i]);
        return new ShakespeareText(text, train, test);
    }

    /** The training lines joined by {@code '\n'}, ending with one. */
    String trainingText() {
        return String.join("\n", train) + "\n";
    }
}
