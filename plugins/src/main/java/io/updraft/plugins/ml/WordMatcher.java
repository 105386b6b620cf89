package io.updraft.plugins.ml;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds which of up to 64 lower-case words occur in a region of a lower-case string, in one pass: words are
 * indexed by their first character, so each position tries only the words that can start there.
 */
final class WordMatcher {

    private final String[] words;
    private final int[][] byFirstChar = new int[128][];
    private final long[] secondChars = new long[128]; // per first char: bit (c1 & 63) set when some word has it

    WordMatcher(List<String> words) {
        if (words.size() > 64) {
            throw new IllegalArgumentException("at most 64 words");
        }
        this.words = words.toArray(String[]::new);
        List<List<Integer>> index = new ArrayList<>();
        for (int c = 0; c < 128; c++) {
            index.add(new ArrayList<>());
        }
        for (int w = 0; w < this.words.length; w++) {
            index.get(this.words[w].charAt(0)).add(w);
        }
        for (int c = 0; c < 128; c++) {
            byFirstChar[c] = index.get(c).stream().mapToInt(Integer::intValue).toArray();
            for (int w : byFirstChar[c]) {
                secondChars[c] |= 1L << (this.words[w].charAt(1) & 63);
            }
        }
    }

    /** Bit w is set when word w occurs entirely within {@code s[from, to)}. */
    long matches(String s, int from, int to) {
        long found = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 128 || i + 1 >= to || (secondChars[c] & (1L << (s.charAt(i + 1) & 63))) == 0) {
                continue;
            }
            for (int w : byFirstChar[c]) {
                String word = words[w];
                if (i + word.length() <= to && s.startsWith(word, i)) {
                    found |= 1L << w;
                }
            }
        }
        return found;
    }
}
