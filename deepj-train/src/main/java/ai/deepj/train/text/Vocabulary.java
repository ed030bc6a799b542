package ai.deepj.train.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Tokens ↔ integer ids. {@link #ofCharacters} is the course's character vocabulary
 * ({@code chars = sorted(list(set(data)))}, {@code char_to_ix}, {@code ix_to_char}): every distinct
 * character, in code-point order, so dinosaur names lower-cased give 27 = {@code '\n'} (id 0, the course's
 * end of a name) and a–z (ids 1–26). {@link #ofWords} keeps the most frequent words and maps every other
 * word to an unknown-word token.
 *
 * {@snippet :
 * Vocabulary chars = Vocabulary.ofCharacters(text.toLowerCase(Locale.ROOT));
 * int[] ids = chars.encode(text);          // one id per character
 * String back = chars.decode(ids);
 * Vocabulary words = Vocabulary.ofWords(tokens, 3000, "<unk>");   // 2999 words + <unk> (id 0)
 * }
 */
public final class Vocabulary {
    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final int unknown;   // id of the unknown-word token, or -1
    private final boolean characters;

    private Vocabulary(List<String> tokens, int unknown, boolean characters) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) ids.put(tokens.get(i), i);
        this.unknown = unknown;
        this.characters = characters;
    }

    /** Every distinct character (UTF-16 unit) of {@code text}, in code order, as the course builds its vocabulary. */
    public static Vocabulary ofCharacters(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("Vocabulary.ofCharacters: the text is empty");
        TreeSet<Character> set = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) set.add(text.charAt(i));
        List<String> t = new ArrayList<>();
        for (char c : set) t.add(String.valueOf(c));
        return new Vocabulary(t, -1, true);
    }

    /**
     * The {@code maxSize − 1} most frequent of {@code words} (ties: the word seen first comes first), after
     * the unknown-word token {@code unk} at id 0; every other word maps to it.
     */
    public static Vocabulary ofWords(List<String> words, int maxSize, String unk) {
        if (maxSize < 2) throw new IllegalArgumentException("Vocabulary.ofWords: maxSize must be >= 2 (unk and one word), got " + maxSize);
        if (unk == null || unk.isEmpty()) throw new IllegalArgumentException("Vocabulary.ofWords: the unknown-word token must be non-empty");
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String w : words) {
            if (w.equals(unk)) throw new IllegalArgumentException("Vocabulary.ofWords: the text contains the unknown-word token '" + unk + "'");
            counts.merge(w, 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(counts.entrySet());
        byCount.sort(Collections.reverseOrder(Map.Entry.comparingByValue()));   // stable: first seen first among equals
        List<String> t = new ArrayList<>();
        t.add(unk);
        for (int i = 0; i < byCount.size() && t.size() < maxSize; i++) t.add(byCount.get(i).getKey());
        return new Vocabulary(t, 0, false);
    }

    /** The number of tokens (the model's number of classes). */
    public int size() {
        return tokens.size();
    }

    /** The token with id {@code id}. */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) throw new IllegalArgumentException("Vocabulary: id " + id + " outside [0, " + tokens.size() + ")");
        return tokens.get(id);
    }

    /** The id of {@code token}: the unknown-word id for a word not kept; an error for a character not in a character vocabulary. */
    public int id(String token) {
        Integer i = ids.get(token);
        if (i != null) return i;
        if (unknown >= 0) return unknown;
        throw new IllegalArgumentException("Vocabulary: '" + printable(token) + "' is not one of the " + size() + " characters '"
                + printable(String.join("", tokens)) + "'");
    }

    /** Whether {@code token} has its own id. */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The id of the unknown-word token, or -1 for a character vocabulary. */
    public int unknownId() {
        return unknown;
    }

    /** The ids of the characters of {@code text}, for a character vocabulary (a word vocabulary encodes a list: {@link #encode(List)}). */
    public int[] encode(String text) {
        if (!characters) throw new IllegalStateException("Vocabulary.encode(String): a word vocabulary encodes a list of words");
        int[] out = new int[text.length()];
        for (int i = 0; i < out.length; i++) out[i] = id(String.valueOf(text.charAt(i)));
        return out;
    }

    /** The ids of {@code words}. */
    public int[] encode(List<String> words) {
        int[] out = new int[words.size()];
        for (int i = 0; i < out.length; i++) out[i] = id(words.get(i));
        return out;
    }

    /** The tokens of {@code ids} joined: with no separator for characters, with a space for words. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            if (!characters && i > 0) sb.append(' ');
            sb.append(token(ids[i]));
        }
        return sb.toString();
    }

    /** The tokens in id order. */
    public List<String> tokens() {
        return tokens;
    }

    private static String printable(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t");
    }
}
