package com.bento.runtime;

import com.bento.ModuleResolutionException;
import com.bento.ModuleResolutionException.Reason;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Kahn's algorithm over the requirement graph, with a priority queue of ready modules keyed by
 * name: O(V log V + E). Names are sorted once (on packed prefixes), so the queue compares ints;
 * requirements become int arrays through an open-addressing name index, so resolving touches arrays
 * of ints rather than chains of objects.
 */
final class ModuleResolver {
    private ModuleResolver() {
    }

    static List<ModuleDescriptor> resolve(List<ModuleDescriptor> given) {
        int n = given.size();
        // Structure of arrays, in name order: a module is an int (its rank), its requirements an int[].
        // Each name is also packed into a long key (below), so comparing two names, in the sort and in
        // the index, reads two longs from arrays instead of two strings and their bytes.
        String[] givenNames = new String[n];
        long[] givenKeys = new long[n];
        for (int k = 0; k < n; k++) {
            givenNames[k] = given.get(k).name();
            givenKeys[k] = key(givenNames[k]);
        }
        int[] byName = sortedByName(givenKeys, givenNames);
        ModuleDescriptor[] modules = new ModuleDescriptor[n];
        String[] names = new String[n];
        long[] keys = new long[n];
        int[] rank = new int[n];
        for (int r = 0; r < n; r++) {
            int k = byName[r];
            modules[r] = given.get(k);
            names[r] = givenNames[k];
            keys[r] = givenKeys[k];
            rank[k] = r;
        }
        NameIndex index = new NameIndex(names, keys);
        int[][] requires = new int[n][];
        int[] dependentCount = new int[n];
        @Nullable Map<String, List<String>> missing = null;
        int edges = 0;
        // in registration order, the order the modules and their requirement lists sit in memory
        for (int k = 0; k < n; k++) {
            List<String> required = given.get(k).requires();
            int count = required.size();
            int[] at = new int[count];
            int found = 0;
            for (int e = 0; e < count; e++) {
                String req = required.get(e);
                int d = index.find(req);
                if (d < 0) {
                    if (missing == null) {
                        missing = new TreeMap<>();
                    }
                    missing.computeIfAbsent(givenNames[k], key -> new ArrayList<>()).add(req);
                } else {
                    at[found++] = d;
                    dependentCount[d]++;
                }
            }
            requires[rank[k]] = found == count ? at : Arrays.copyOf(at, found);
            edges += found;
        }
        List<ModuleDescriptor> registered = new AbstractList<>() {
            @Override
            public ModuleDescriptor get(int r) {
                return given.get(byName[r]);
            }

            @Override
            public int size() {
                return n;
            }
        };
        if (missing != null) {
            throw missingDependencies(missing, registered);
        }
        // dependents of d, as one compact adjacency array (CSR)
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + dependentCount[i];
        }
        int[] fill = Arrays.copyOf(start, n);
        int[] dependents = new int[edges];
        int[] indegree = new int[n];
        for (int i = 0; i < n; i++) {
            int[] req = requires[i];
            for (int d : req) {
                dependents[fill[d]++] = i;
            }
            indegree[i] = req.length;
        }
        IntMinHeap ready = new IntMinHeap(n);
        for (int i = 0; i < n; i++) {
            if (indegree[i] == 0) {
                ready.add(i);
            }
        }
        ModuleDescriptor[] order = new ModuleDescriptor[n];
        int placed = 0;
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order[placed++] = modules[i];
            for (int k = start[i]; k < start[i + 1]; k++) {
                int dep = dependents[k];
                if (--indegree[dep] == 0) {
                    ready.add(dep);
                }
            }
        }
        if (placed < n) {
            throw cycle(findCycle(requires, names, indegree));
        }
        return Arrays.asList(order);
    }

    /** Bit 63 of a key: the name is longer than the nine characters packed in the other 63 bits. */
    private static final long LONG_NAME = Long.MIN_VALUE;

    /**
     * A name's first nine characters, seven bits each (names are ASCII, checked at registration, and
     * never contain NUL, so a shorter name is zero-padded unambiguously), with {@link #LONG_NAME} set
     * when characters are left over. Without that bit, equal keys mean equal names; with the bit
     * cleared, keys order like the names themselves up to a tie.
     */
    private static long key(String name) {
        int length = name.length();
        long key = 0;
        for (int c = 0; c < 9; c++) {
            key = (key << 7) | (c < length ? name.charAt(c) & 0x7F : 0);
        }
        return length > 9 ? key | LONG_NAME : key;
    }

    /**
     * The positions of the modules in name order: a bottom-up merge sort that moves each name's key
     * and position together through two sequential arrays, looking at the strings only on a tie.
     */
    private static int[] sortedByName(long[] givenKeys, String[] names) {
        int n = names.length;
        long[] keys = new long[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = givenKeys[i] & ~LONG_NAME;
            order[i] = i;
        }
        long[] keyBuffer = new long[n];
        int[] buffer = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int a = lo;
                int b = mid;
                int out = lo;
                while (a < mid && b < hi) {
                    long x = keys[a];
                    long y = keys[b];
                    boolean left = x < y || x == y && names[order[a]].compareTo(names[order[b]]) <= 0;
                    if (left) {
                        keyBuffer[out] = x;
                        buffer[out++] = order[a++];
                    } else {
                        keyBuffer[out] = y;
                        buffer[out++] = order[b++];
                    }
                }
                System.arraycopy(keys, a, keyBuffer, out, mid - a);
                System.arraycopy(order, a, buffer, out, mid - a);
                out += mid - a;
                System.arraycopy(keys, b, keyBuffer, out, hi - b);
                System.arraycopy(order, b, buffer, out, hi - b);
            }
            long[] swapKeys = keys;
            keys = keyBuffer;
            keyBuffer = swapKeys;
            int[] swap = order;
            order = buffer;
            buffer = swap;
        }
        return order;
    }

    /**
     * Name to rank, open addressing over one long array, two words per slot: the name's key, then its
     * hash and rank + 1 (0: empty). A lookup usually reads one slot's 16 bytes and, for a name of
     * nine characters or fewer, never the other string.
     */
    private static final class NameIndex {
        private final long[] table;
        private final String[] names;
        private final int mask;
        private final int shift;

        NameIndex(String[] names, long[] keys) {
            this.names = names;
            int capacity = Integer.highestOneBit(Math.max(2, names.length * 2 - 1)) << 1;
            table = new long[capacity * 2];
            mask = capacity - 1;
            shift = 32 - Integer.numberOfTrailingZeros(capacity);
            for (int i = 0; i < names.length; i++) {
                int h = names[i].hashCode();
                int slot = spread(h) & mask;
                while (table[2 * slot + 1] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[2 * slot] = keys[i];
                table[2 * slot + 1] = ((long) h << 32) | (i + 1L);
            }
        }

        /** Fibonacci hashing: the high bits of the product, so that names with similar hashes scatter. */
        private int spread(int h) {
            return (h * 0x9E3779B9) >>> shift;
        }

        int find(String name) {
            int h = name.hashCode();
            long key = key(name);
            for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
                long word = table[2 * slot + 1];
                if (word == 0) {
                    return -1;
                }
                if ((int) (word >>> 32) == h && table[2 * slot] == key) {
                    int i = (int) word - 1;
                    if (key >= 0 || names[i].equals(name)) {
                        return i;
                    }
                }
            }
        }
    }

    /** A binary min-heap of ints, so the ready queue neither boxes nor allocates per module. */
    private static final class IntMinHeap {
        private final int[] heap;
        private int size;

        IntMinHeap(int capacity) {
            heap = new int[Math.max(1, capacity)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void add(int value) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= value) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = value;
        }

        int poll() {
            int top = heap[0];
            int last = heap[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (heap[child] >= last) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
            return top;
        }
    }

    /**
     * Finds one cycle among the modules Kahn's algorithm could not place (indegree above zero),
     * walking "requires" edges from the first such module by name. Iterative, so deep graphs do
     * not overflow the stack. The cycle is rotated to start at its smallest name.
     */
    private static List<String> findCycle(int[][] requires, String[] names, int[] indegree) {
        int n = names.length;
        int[] state = new int[n]; // 0 unvisited, 1 on the path, 2 done
        for (int root = 0; root < n; root++) {
            if (indegree[root] == 0 || state[root] != 0) {
                continue;
            }
            List<Integer> path = new ArrayList<>();
            List<Integer> nextEdge = new ArrayList<>();
            path.add(root);
            nextEdge.add(0);
            state[root] = 1;
            while (!path.isEmpty()) {
                int top = path.size() - 1;
                int node = path.get(top);
                int[] reqs = requires[node];
                int e = nextEdge.get(top);
                if (e >= reqs.length) {
                    state[node] = 2;
                    path.remove(top);
                    nextEdge.remove(top);
                    continue;
                }
                nextEdge.set(top, e + 1);
                int next = reqs[e];
                if (indegree[next] == 0) {
                    continue; // placed, so not on any cycle
                }
                if (state[next] == 1) {
                    List<Integer> loop = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
                    int min = 0;
                    for (int k = 1; k < loop.size(); k++) {
                        if (loop.get(k) < loop.get(min)) {
                            min = k;
                        }
                    }
                    Collections.rotate(loop, -min);
                    List<String> loopNames = new ArrayList<>();
                    loop.forEach(k -> loopNames.add(names[k]));
                    loopNames.add(loopNames.get(0));
                    return loopNames;
                }
                if (state[next] == 0) {
                    state[next] = 1;
                    path.add(next);
                    nextEdge.add(0);
                }
            }
        }
        throw new IllegalStateException("no cycle found among unplaced modules");
    }

    private static ModuleResolutionException cycle(List<String> path) {
        String a = path.get(0);
        String b = path.get(1);
        return new ModuleResolutionException(Reason.CYCLE, path, "Module dependency cycle: " + String.join(" -> ", path)
                + ". Each module in it requires the next, so none can start first. Break the cycle: remove '"
                + b + "' from @Requires on module '" + a + "', or move what both need into a module they both require.");
    }

    private static ModuleResolutionException missingDependencies(Map<String, List<String>> missing, List<ModuleDescriptor> registered) {
        List<String> loaded = registered.stream().map(ModuleDescriptor::name).toList();
        Map<String, Class<?>> types = new HashMap<>();
        registered.forEach(r -> types.put(r.name(), r.providerType()));
        StringBuilder message = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : missing.entrySet()) {
            for (String req : e.getValue()) {
                names.add(req);
                if (message.length() > 0) {
                    message.append('\n');
                }
                message.append("Module '").append(e.getKey()).append("' requires module '").append(req)
                        .append("', which is not loaded.");
                Names.closest(req, loaded).ifPresent(c -> message.append(" Did you mean '").append(c).append("'?"));
            }
        }
        message.append("\nLoaded modules: ").append(loaded.isEmpty() ? "none" : String.join(", ", loaded)).append('.');
        String first = missing.keySet().iterator().next();
        message.append("\nFix: put the jar of module '").append(missing.get(first).get(0))
                .append("' on the module path (or class path), or remove it from @Requires on ")
                .append(types.get(first).getName()).append('.');
        return new ModuleResolutionException(Reason.MISSING_DEPENDENCY, names, message.toString());
    }
}
