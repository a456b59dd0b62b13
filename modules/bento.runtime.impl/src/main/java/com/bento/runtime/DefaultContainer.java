package com.bento.runtime;

import com.bento.Container;
import com.bento.ContainerException;
import com.bento.ContainerException.Reason;
import com.bento.Lifetime;
import com.bento.Scope;
import com.bento.ServiceEntry;
import com.bento.ServiceNotFoundException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The container behind {@link Container}.
 *
 * <p>Lookups of a created singleton read a concurrent map and a volatile field, nothing more.
 * Singletons are created under one container-wide reentrant lock, as Spring and Avaje do: a
 * factory runs exactly once, and factories that ask for each other from different threads cannot
 * deadlock. A factory that asks, directly or not, for its own entry is detected on the thread's
 * resolution stack and reported as a cycle.
 */
class DefaultContainer implements Container {

    /** One entry; its singleton instance, once created, is published through a volatile field. */
    static final class Entry {
        final String name;
        final Class<?> type;
        final Lifetime lifetime;
        final @Nullable Supplier<?> factory;
        volatile @Nullable Object instance;
        String owner = "";

        Entry(String name, Class<?> type, Lifetime lifetime, @Nullable Supplier<?> factory, @Nullable Object instance) {
            this.name = name;
            this.type = type;
            this.lifetime = lifetime;
            this.factory = factory;
            this.instance = instance;
        }

        ServiceEntry describe() {
            return new ServiceEntry(name, type, lifetime, factory != null, owner);
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Guards {@link #order} and {@link #closeables}; never held while user code runs. */
    private final Object registrationLock = new Object();
    private final List<Entry> order = new ArrayList<>();
    private final List<Closeable> closeables = new ArrayList<>();
    private final ReentrantLock creationLock = new ReentrantLock();
    private final ThreadLocal<Deque<String>> resolving = ThreadLocal.withInitial(ArrayDeque::new);
    private final ThreadLocal<@Nullable DefaultScope> currentScope = new ThreadLocal<>();
    private volatile boolean closed;
    /** The module whose hook runs on this thread, which owns what it registers; none by default. */
    private final Supplier<@Nullable String> owner;

    DefaultContainer() {
        this(() -> null);
    }

    DefaultContainer(Supplier<@Nullable String> owner) {
        this.owner = owner;
    }

    /** An instance to close with the container, and the entry that holds it. */
    record Closeable(String name, AutoCloseable instance) {
    }

    @Override
    public void set(String name, Object instance) {
        Objects.requireNonNull(instance, () -> "instance of service '" + name + "'");
        add(new Entry(checkName(name), instance.getClass(), Lifetime.SINGLETON, null, instance));
    }

    @Override
    public <T> void set(String name, Class<T> type, T instance) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(instance, () -> "instance of service '" + name + "'");
        if (!type.isInstance(instance)) {
            throw new ContainerException(name, Reason.TYPE_MISMATCH, "Service '" + name + "' is declared as "
                    + type.getName() + " but the instance is a " + instance.getClass().getName()
                    + ". Declare it with a type the instance implements.");
        }
        add(new Entry(checkName(name), type, Lifetime.SINGLETON, null, instance));
    }

    @Override
    public <T> void setFactory(String name, Class<T> type, Supplier<? extends T> factory) {
        setFactory(name, type, factory, Lifetime.SINGLETON);
    }

    @Override
    public <T> void setFactory(String name, Class<T> type, Supplier<? extends T> factory, Lifetime lifetime) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(lifetime, "lifetime");
        add(new Entry(checkName(name), type, lifetime, factory, null));
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A service name must not be blank; use a dotted name such as 'catalog.repo'");
        }
        return name;
    }

    private void add(Entry entry) {
        String module = owner.get();
        entry.owner = module == null ? "" : module;
        synchronized (registrationLock) {
            ensureOpen(entry.name);
            Entry existing = entries.putIfAbsent(entry.name, entry);
            if (existing != null) {
                throw new ContainerException(entry.name, Reason.DUPLICATE_NAME, "Service '" + entry.name
                        + "' is already registered (declared type " + existing.type.getName()
                        + "); a second registration as " + entry.type.getName()
                        + " was refused. Give one of them another name.");
            }
            order.add(entry);
            Object instance = entry.instance;
            if (instance instanceof AutoCloseable closeable) {
                closeables.add(new Closeable(entry.name, closeable));
            }
        }
    }

    private void ensureOpen(String name) {
        if (closed) {
            throw new ContainerException(name, Reason.CLOSED, "The container is closed; service '" + name
                    + "' cannot be used after the runtime stopped. Look services up while the runtime runs.");
        }
    }

    @Override
    public Object get(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw notFound(name);
        }
        Object instance = entry.instance;
        if (instance != null && !closed) {
            return instance;
        }
        return produce(entry, currentScope.get());
    }

    @Override
    public <T> T get(String name, Class<T> type) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw notFound(name);
        }
        return cast(entry, type, entry.instance != null && !closed ? entry.instance : produce(entry, currentScope.get()));
    }

    @Override
    public <T> Optional<T> find(String name, Class<T> type) {
        Entry entry = entries.get(name);
        return entry == null ? Optional.empty() : Optional.of(get(name, type));
    }

    @Override
    public <T> T get(Class<T> type) {
        Objects.requireNonNull(type, "type");
        List<Entry> matches = snapshot().stream().filter(e -> type.isAssignableFrom(e.type)).collect(Collectors.toList());
        if (matches.size() == 1) {
            return get(matches.get(0).name, type);
        }
        if (matches.isEmpty()) {
            throw new ServiceNotFoundException(type.getName(), "No service has type " + type.getName()
                    + ". Registered: " + describe(snapshot())
                    + ". Register one with container.set(name, " + type.getSimpleName() + ".class, instance).");
        }
        throw new ServiceNotFoundException(type.getName(), matches.size() + " services have type " + type.getName()
                + ": " + describe(matches) + ". Ask for one by name with get(name, " + type.getSimpleName() + ".class).");
    }

    @Override
    public boolean has(String name) {
        return entries.containsKey(name);
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Entry e : snapshot()) {
            names.add(e.name);
        }
        return Collections.unmodifiableSet(names);
    }

    @Override
    public List<ServiceEntry> entries() {
        return snapshot().stream().map(Entry::describe).toList();
    }

    @Override
    public Scope openScope() {
        ensureOpen("<scope>");
        DefaultScope scope = new DefaultScope(this, currentScope.get());
        currentScope.set(scope);
        return scope;
    }

    /** Called by a scope that closes on the thread it was opened on. */
    void unbind(DefaultScope scope, @Nullable DefaultScope outer) {
        if (currentScope.get() == scope) {
            if (outer == null) {
                currentScope.remove();
            } else {
                currentScope.set(outer);
            }
        }
    }

    @Nullable Entry entry(String name) {
        return entries.get(name);
    }

    private List<Entry> snapshot() {
        synchronized (registrationLock) {
            return List.copyOf(order);
        }
    }

    /** Produces the entry's instance for a lookup made with {@code scope} as the open scope. */
    Object produce(Entry entry, @Nullable DefaultScope scope) {
        ensureOpen(entry.name);
        switch (entry.lifetime) {
            case TRANSIENT:
                return create(entry);
            case SCOPED:
                if (scope == null) {
                    throw new ContainerException(entry.name, Reason.NO_SCOPE, "Service '" + entry.name
                            + "' is SCOPED and no scope is open on thread '" + Thread.currentThread().getName()
                            + "'. Open one with try (Scope scope = container.openScope()) { ... }.");
                }
                return scope.instance(entry);
            default:
                Object existing = entry.instance;
                if (existing != null) {
                    return existing;
                }
                checkCycle(entry.name);
                creationLock.lock();
                try {
                    existing = entry.instance;
                    if (existing != null) {
                        return existing;
                    }
                    ensureOpen(entry.name);
                    Object created = create(entry);
                    synchronized (registrationLock) {
                        entry.instance = created;
                        if (created instanceof AutoCloseable closeable) {
                            closeables.add(new Closeable(entry.name, closeable));
                        }
                    }
                    return created;
                } finally {
                    creationLock.unlock();
                }
        }
    }

    private void checkCycle(String name) {
        Deque<String> stack = resolving.get();
        if (stack.contains(name)) {
            List<String> path = new ArrayList<>();
            boolean inCycle = false;
            for (var it = stack.descendingIterator(); it.hasNext(); ) {
                String n = it.next();
                inCycle |= n.equals(name);
                if (inCycle) {
                    path.add(n);
                }
            }
            path.add(name);
            throw new ContainerException(name, Reason.CYCLE, "Dependency cycle among container entries: "
                    + String.join(" -> ", path) + ". A factory asks, directly or through others, for its own entry;"
                    + " break the cycle by passing one of them a Supplier or by looking it up later.");
        }
    }

    /** Runs the entry's factory, tracking it on this thread's resolution stack. */
    Object create(Entry entry) {
        Supplier<?> factory = Objects.requireNonNull(entry.factory, "factory");
        checkCycle(entry.name);
        Deque<String> stack = resolving.get();
        stack.push(entry.name);
        Object created;
        try {
            created = factory.get();
        } catch (ContainerException e) {
            if (e.reason() == Reason.CYCLE) {
                throw e;
            }
            throw factoryFailed(entry, e);
        } catch (RuntimeException e) {
            throw factoryFailed(entry, e);
        } finally {
            stack.pop();
            if (stack.isEmpty()) {
                resolving.remove();
            }
        }
        if (created == null) {
            throw new ContainerException(entry.name, Reason.FACTORY_FAILED, "The factory of service '" + entry.name
                    + "' returned null; a factory must return an instance of " + entry.type.getName()
                    + ". Return an instance, or do not register the entry.");
        }
        if (!entry.type.isInstance(created)) {
            throw new ContainerException(entry.name, Reason.TYPE_MISMATCH, "The factory of service '" + entry.name
                    + "' returned a " + created.getClass().getName() + " but the entry is declared as "
                    + entry.type.getName() + ". Return an instance of the declared type.");
        }
        return created;
    }

    private static ContainerException factoryFailed(Entry entry, RuntimeException cause) {
        return new ContainerException(entry.name, Reason.FACTORY_FAILED, "The factory of service '" + entry.name
                + "' (" + entry.type.getName() + ") failed: " + cause
                + ". Nothing was kept; the next lookup runs the factory again. Fix the factory or what it needs.",
                cause);
    }

    static <T> T cast(Entry entry, Class<T> type, Object instance) {
        if (!type.isInstance(instance)) {
            throw new ContainerException(entry.name, Reason.TYPE_MISMATCH, "Service '" + entry.name + "' is a "
                    + entry.type.getName() + ", not a " + type.getName() + ". Ask for it as "
                    + entry.type.getSimpleName() + ".class, or use the entry registered as " + type.getSimpleName() + ".");
        }
        return type.cast(instance);
    }

    private ServiceNotFoundException notFound(String name) {
        List<String> names = List.copyOf(names());
        String hint = Names.closest(name, names).map(n -> " Did you mean '" + n + "'?").orElse("");
        return new ServiceNotFoundException(name, "No service named '" + name + "' is registered." + hint
                + " Registered: " + (names.isEmpty() ? "none" : String.join(", ", names))
                + ". Register it in a module's onRegister (container.set or setFactory), or require the module"
                + " that registers it with @Requires so that it registers first.");
    }

    private static String describe(List<Entry> list) {
        return list.isEmpty() ? "none" : list.stream().map(e -> e.name + " (" + e.type.getName() + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * Closes every held {@link AutoCloseable} in reverse arrival order. Every close is attempted;
     * the failures are returned, first first. Closing twice closes nothing more.
     */
    List<Throwable> closeHeld() {
        List<Closeable> toClose;
        synchronized (registrationLock) {
            if (closed) {
                return List.of();
            }
            closed = true;
            toClose = new ArrayList<>(closeables);
            closeables.clear();
        }
        Collections.reverse(toClose);
        return closeAll(toClose);
    }

    /**
     * Removes every entry the given modules registered and closes what those entries hold, in
     * reverse arrival order (a module unloaded at run time). Every close is attempted; the failures
     * are returned, first first.
     */
    List<Throwable> removeOwnedBy(java.util.Set<String> modules) {
        List<Closeable> toClose;
        synchronized (registrationLock) {
            java.util.Set<String> names = order.stream().filter(e -> modules.contains(e.owner)).map(e -> e.name)
                    .collect(Collectors.toSet());
            order.removeIf(e -> names.contains(e.name));
            names.forEach(entries::remove);
            toClose = new ArrayList<>(closeables.stream().filter(c -> names.contains(c.name())).toList());
            closeables.removeAll(toClose);
        }
        Collections.reverse(toClose);
        return closeAll(toClose);
    }

    /** @return the instances made so far, in arrival order (for {@link com.bento.spi.UnloadAware}) */
    List<Object> instances() {
        synchronized (registrationLock) {
            return order.stream().map(e -> e.instance).filter(Objects::nonNull).toList();
        }
    }

    /** Closes each in the given order and collects the failures; an unrecoverable error is rethrown at once. */
    static List<Throwable> closeAll(List<Closeable> toClose) {
        List<Throwable> failures = new ArrayList<>();
        for (Closeable c : toClose) {
            try {
                c.instance().close();
            } catch (Throwable t) {
                Failures.rethrowIfUnrecoverable(t);
                failures.add(new ContainerException(c.name(), Reason.CLOSE_FAILED, "Service '" + c.name()
                        + "' failed to close: " + t + ". The other services were closed all the same.", t));
            }
        }
        return failures;
    }
}
