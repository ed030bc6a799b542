package ai.deepj.train.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Vocabulary}: the course's sorted character set, capped word vocabularies with an unknown-word token. */
class VocabularyTest {
    @Test
    void charactersAreSortedAsTheCourseDoesWithNewlineFirst() {
        Vocabulary v = Vocabulary.ofCharacters("aachenosaurus\naardonyx\nzuniceratops");
        assertEquals("\n", v.token(0));
        assertEquals("a", v.token(1));
        assertEquals(v.size() - 1, v.id("z"));
        int[] ids = v.encode("zona\n");
        assertEquals("zona\n", v.decode(ids));
        assertEquals(0, ids[4]);
        assertEquals(-1, v.unknownId());
        assertEquals("Vocabulary: 'Q' is not one of the 17 characters '\\nacdehinoprstuxyz'",
                assertThrows(IllegalArgumentException.class, () -> v.id("Q")).getMessage());
    }

    @Test
    void wordsKeepTheMostFrequentAndMapTheRestToUnk() {
        List<String> words = List.of("the", "cat", "sat", "on", "the", "mat", "the", "cat");
        Vocabulary v = Vocabulary.ofWords(words, 3, "<unk>");
        assertEquals(List.of("<unk>", "the", "cat"), v.tokens());
        assertArrayEquals(new int[] {1, 2, 0, 0, 1, 0, 1, 2}, v.encode(words));
        assertEquals("the cat <unk>", v.decode(new int[] {1, 2, 0}));
        // ties keep the order of first appearance: sat, on, mat all occur once
        assertEquals(List.of("<unk>", "the", "cat", "sat", "on"), Vocabulary.ofWords(words, 5, "<unk>").tokens());
        assertEquals("Vocabulary.ofWords: the text contains the unknown-word token '<unk>'",
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.ofWords(List.of("a", "<unk>"), 5, "<unk>")).getMessage());
    }
}
