package com.bento.runtime;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/** Module and service name rules, and "did you mean" suggestions for messages. */
final class Names {
    static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private Names() {
    }

    /** The candidate closest to {@code name} by edit distance, when it is close enough to be a typo. */
    static Optional<String> closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.max(1, name.length() / 3);
        for (String c : candidates) {
            if (Math.abs(c.length() - name.length()) > limit) {
                continue;
            }
            int d = distance(name, c);
            if (d <= limit && (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0))) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
