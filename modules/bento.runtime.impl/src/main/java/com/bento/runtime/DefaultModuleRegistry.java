package com.bento.runtime;

import com.bento.Module;
import com.bento.ModuleResolutionException;
import com.bento.ModuleResolutionException.Reason;
import com.bento.Requires;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Kahn's algorithm over the requirement graph, with a priority queue of ready modules keyed by
 * name: O(V log V + E). Names are sorted once (on packed prefixes), so the queue compares ints;
 * requirements become int arrays through an open-addressing name index, so resolving touches arrays
 * of ints rather than chains of objects.
 */
final class DefaultModuleRegistry implements ModuleRegistry {

    private record Registered(Module module, String name, List<String> requires) {
    }

    private final Object lock = new Object();
    private final LinkedHashMap<String, Registered> modules = new LinkedHashMap<>();
    private @Nullable List<Module> cachedOrder;

    @Override
    public void register(Module module) {
        add(describe(module));
    }

    @Override
    public void register(Module module, List<String> requires) {
        Registered r = describe(module);
        for (String required : requires) {
            checkName(required, module.getClass(), "its requirements");
        }
        add(new Registered(module, r.name, List.copyOf(new LinkedHashSet<>(requires))));
    }

    private void add(Registered r) {
        Module module = r.module;
        synchronized (lock) {
            Registered existing = modules.get(r.name);
            if (existing != null) {
                throw new ModuleResolutionException(Reason.DUPLICATE_NAME, List.of(r.name), "Two modules are named '"
                        + r.name + "': " + origin(existing.module.getClass()) + " and " + origin(module.getClass())
                        + ". Module names must be unique: remove one of them from the module path or class path,"
                        + " or give one another name by overriding name().");
            }
            modules.put(r.name, r);
            cachedOrder = null;
        }
    }

    @Override
    public Optional<Module> replace(Module module) {
        Registered r = describe(module);
        synchronized (lock) {
            Registered previous = modules.put(r.name, r);
            cachedOrder = null;
            return previous == null ? Optional.empty() : Optional.of(previous.module);
        }
    }

    @Override
    public Optional<Module> find(String name) {
        synchronized (lock) {
            Registered r = modules.get(name);
            return r == null ? Optional.empty() : Optional.of(r.module);
        }
    }

    @Override
    public List<Module> modules() {
        synchronized (lock) {
            return modules.values().stream().map(Registered::module).toList();
        }
    }

    @Override
    public List<String> requiresOf(Module module) {
        synchronized (lock) {
            Registered r = modules.get(module.name());
            if (r != null && r.module == module) {
                return r.requires;
            }
        }
        return describe(module).requires;
    }

    /** Reads and checks a module's name and {@code @Requires}. */
    private static Registered describe(Module module) {
        String name;
        try {
            name = module.name();
        } catch (RuntimeException e) {
            throw new ModuleResolutionException(Reason.INVALID_NAME, List.of(), "Module "
                    + module.getClass().getName() + " failed to report its name: " + e
                    + ". Fix its name() method.", e);
        }
        checkName(name, module.getClass(), "its name");
        Requires annotation = module.getClass().getAnnotation(Requires.class);
        List<String> requires = annotation == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(Arrays.asList(annotation.value())));
        for (String required : requires) {
            checkName(required, module.getClass(), "@Requires");
        }
        return new Registered(module, name, requires);
    }

    private static void checkName(@Nullable String name, Class<?> type, String where) {
        if (name == null || !Names.MODULE_NAME.matcher(name).matches()) {
            throw new ModuleResolutionException(Reason.INVALID_NAME, name == null ? List.of() : List.of(name),
                    "Module " + type.getName() + " has an invalid module name in " + where + ": "
                    + (name == null ? "null" : "'" + name + "'")
                    + ". Expected letters, digits, '_', '-' or '.' (pattern " + Names.MODULE_NAME.pattern() + ")."
                    + (where.equals("its name") ? " Override name() to return a valid name." : " Fix the annotation."));
        }
    }

    @Override
    public List<Module> resolveOrder() {
        synchronized (lock) {
            if (cachedOrder == null) {
                cachedOrder = Collections.unmodifiableList(resolve(new ArrayList<>(modules.values())));
            }
            return cachedOrder;
        }
    }

    private static List<Module> resolve(List<Registered> given) {
        int n = given.size();
        // Structure of arrays, in name order: a module is an int (its rank), its requirements an int[];
        // the only objects touched per edge are the two names a lookup compares.
        int[] byName = sortedByName(given);
        List<Registered> registered = new ArrayList<>(n);
        int[] rank = new int[n];
        for (int r = 0; r < n; r++) {
            registered.add(given.get(byName[r]));
            rank[byName[r]] = r;
        }
        NameIndex index = new NameIndex(registered);
        int[][] requires = new int[n][];
        int[] dependentCount = new int[n];
        Map<String, List<String>> missing = new TreeMap<>();
        int edges = 0;
        // in registration order, the order the modules and their requirement lists sit in memory
        for (int k = 0; k < n; k++) {
            int i = rank[k];
            List<String> names = given.get(k).requires;
            int[] at = new int[names.size()];
            int found = 0;
            for (String req : names) {
                int d = index.find(req);
                if (d < 0) {
                    missing.computeIfAbsent(registered.get(i).name, key -> new ArrayList<>()).add(req);
                } else {
                    at[found++] = d;
                    dependentCount[d]++;
                }
            }
            requires[i] = found == at.length ? at : Arrays.copyOf(at, found);
            edges += found;
        }
        if (!missing.isEmpty()) {
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
            for (int d : requires[i]) {
                dependents[fill[d]++] = i;
            }
            indegree[i] = requires[i].length;
        }
        IntMinHeap ready = new IntMinHeap(n);
        for (int i = 0; i < n; i++) {
            if (indegree[i] == 0) {
                ready.add(i);
            }
        }
        List<Module> order = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(registered.get(i).module);
            for (int k = start[i]; k < start[i + 1]; k++) {
                int dep = dependents[k];
                if (--indegree[dep] == 0) {
                    ready.add(dep);
                }
            }
        }
        if (order.size() < n) {
            Map<String, Integer> byNameIndex = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                byNameIndex.put(registered.get(i).name, i);
            }
            throw cycle(findCycle(registered, byNameIndex, indegree));
        }
        return order;
    }

    /**
     * The positions of the modules in name order. Names are ASCII (checked at registration), so
     * their first nine characters pack, seven bits each, into a long that orders like the names
     * themselves; the sort compares those longs and looks at the strings only on a tie.
     */
    private static int[] sortedByName(List<Registered> registered) {
        int n = registered.size();
        long[] prefix = new long[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            String name = registered.get(i).name;
            names[i] = name;
            long key = 0;
            for (int c = 0; c < 9; c++) {
                key = (key << 7) | (c < name.length() ? name.charAt(c) & 0x7F : 0);
            }
            prefix[i] = key;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] buffer = new int[n];
        // bottom-up merge sort of the positions: stable, sequential, no boxing
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int a = lo;
                int b = mid;
                int out = lo;
                while (a < mid && b < hi) {
                    int x = order[a];
                    int y = order[b];
                    int cmp = Long.compare(prefix[x], prefix[y]);
                    if (cmp == 0) {
                        cmp = names[x].compareTo(names[y]);
                    }
                    buffer[out++] = cmp <= 0 ? order[a++] : order[b++];
                }
                while (a < mid) {
                    buffer[out++] = order[a++];
                }
                while (b < hi) {
                    buffer[out++] = order[b++];
                }
            }
            int[] swap = order;
            order = buffer;
            buffer = swap;
        }
        return order;
    }

    /** Name to position, open addressing over int arrays: no boxed Integer, no entry objects. */
    private static final class NameIndex {
        private final int[] slots; // position + 1, 0 for empty
        private final int[] hashes;
        private final String[] names;
        private final int mask;
        private final int shift;

        NameIndex(List<Registered> registered) {
            this.names = new String[registered.size()];
            int capacity = Integer.highestOneBit(Math.max(2, registered.size() * 2 - 1)) << 1;
            slots = new int[capacity];
            hashes = new int[registered.size()];
            mask = capacity - 1;
            shift = 32 - Integer.numberOfTrailingZeros(capacity);
            for (int i = 0; i < registered.size(); i++) {
                names[i] = registered.get(i).name;
                int h = spread(names[i].hashCode());
                hashes[i] = h;
                int slot = h & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = i + 1;
            }
        }

        /** Fibonacci hashing: the high bits of the product, so that names with similar hashes scatter. */
        private int spread(int h) {
            return (h * 0x9E3779B9) >>> shift;
        }

        int find(String name) {
            int h = spread(name.hashCode());
            for (int slot = h & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
                int i = slots[slot] - 1;
                if (hashes[i] == h && names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
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
    private static List<String> findCycle(List<Registered> registered, Map<String, Integer> index, int[] indegree) {
        int n = registered.size();
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
                List<String> reqs = registered.get(node).requires;
                int e = nextEdge.get(top);
                if (e >= reqs.size()) {
                    state[node] = 2;
                    path.remove(top);
                    nextEdge.remove(top);
                    continue;
                }
                nextEdge.set(top, e + 1);
                int next = index.get(reqs.get(e));
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
                    List<String> names = new ArrayList<>();
                    loop.forEach(k -> names.add(registered.get(k).name));
                    names.add(names.get(0));
                    return names;
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

    private static ModuleResolutionException missingDependencies(Map<String, List<String>> missing, List<Registered> registered) {
        List<String> loaded = registered.stream().map(Registered::name).toList();
        Map<String, Class<?>> types = new HashMap<>();
        registered.forEach(r -> types.put(r.name, r.module.getClass()));
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

    /** Where a class came from: its JPMS module and jar, or its class-path location, as a file path when it is a file. */
    static String origin(Class<?> type) {
        java.lang.Module m = type.getModule();
        URI location = null;
        if (m.isNamed() && m.getLayer() != null) {
            location = m.getLayer().configuration().findModule(m.getName())
                    .flatMap(rm -> rm.reference().location()).orElse(null);
        }
        if (location == null) {
            CodeSource cs = type.getProtectionDomain().getCodeSource();
            URL url = cs == null ? null : cs.getLocation();
            try {
                location = url == null ? null : url.toURI();
            } catch (URISyntaxException e) {
                location = null;
            }
        }
        String where = m.isNamed() ? "module " + m.getName() : "class path";
        return type.getName() + " (" + where + (location == null ? "" : ", " + readable(location)) + ")";
    }

    private static String readable(URI location) {
        if ("file".equals(location.getScheme())) {
            try {
                return Path.of(location).toString();
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return location.toString();
            }
        }
        return location.toString();
    }
}
