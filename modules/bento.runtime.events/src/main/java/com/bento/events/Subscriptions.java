package com.bento.events;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A bus's handlers, by their stable names and by event type: subscribing (typed, by type name, or a
 * listener's {@code @Subscribe} methods, all or nothing) and calling one with a delivered event. The
 * outbox addresses each pending delivery to a handler's name, so names are unique. Public so that
 * other {@link EventBus} implementations (the recording bus of {@code bento.runtime.test}) subscribe
 * and deliver exactly as the outbox bus does. Safe to use from many threads.
 */
public final class Subscriptions {

    /**
     * A subscribed handler: typed (decodes the payload into {@code type}), or by type name when {@code type}
     * is null; {@code source} is the class whose module owns it (the listener's, for {@code @Subscribe} methods).
     */
    private record Subscription(String name, @Nullable Class<? extends DomainEvent> type,
                                String typeName, EventHandler<Object> handler, Class<?> source) {
    }

    private final Map<String, Subscription> byName = new ConcurrentHashMap<>();
    private final Map<String, List<Subscription>> byType = new ConcurrentHashMap<>();

    /** An empty table. */
    public Subscriptions() {
    }

    /**
     * @param eventType an event type name ({@link Event#typeOf})
     * @return the names of its handlers, in subscription order
     */
    public List<String> handlers(String eventType) {
        List<Subscription> subscribed = byType.getOrDefault(eventType, List.of());
        List<String> names = new ArrayList<>(subscribed.size());
        for (Subscription s : subscribed) {
            names.add(s.name());
        }
        return names;
    }

    /**
     * Calls the handler of that name with the event, decoded into its type when it subscribed with one.
     *
     * @param name a handler's name
     * @param event the delivered envelope
     * @throws Exception what the handler throws; an {@link EventException} when no handler has that name
     */
    public void deliver(String name, Event event) throws Exception {
        Subscription s = byName.get(name);
        if (s == null) {
            throw new EventException("No handler named '" + name + "' is subscribed in this"
                    + " application; it was when the event was published. Subscribe it again under that name, or let"
                    + " the delivery be parked");
        }
        Class<? extends DomainEvent> type = s.type();
        s.handler().handle(type != null ? event.as(type) : event, event);
    }

    /** As {@link EventBus#subscribe(String, Class, EventHandler)}. */
    public <E extends DomainEvent> void subscribe(String name, Class<E> type, EventHandler<? super E> handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        subscribe(name, type, handler, handler.getClass());
    }

    private <E extends DomainEvent> void subscribe(String name, Class<E> type, EventHandler<? super E> handler,
                                                   Class<?> source) {
        checkName(name);
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(handler, "handler");
        if (!type.isRecord()) {
            throw new EventException("Handler '" + name + "' subscribes to " + type.getName() + ", which is not a record;"
                    + " events are records implementing DomainEvent");
        }
        @SuppressWarnings("unchecked")
        EventHandler<Object> h = (EventHandler<Object>) (EventHandler<?>) handler;
        add(new Subscription(name, type, EventCodec.typeName(type), h, source));
    }

    /** As {@link EventBus#subscribe(String, String, EventHandler)}. */
    public void subscribe(String name, String eventType, EventHandler<Event> handler) {
        java.util.Objects.requireNonNull(eventType, "eventType");
        java.util.Objects.requireNonNull(handler, "handler");
        checkName(name);
        @SuppressWarnings("unchecked")
        EventHandler<Object> h = (EventHandler<Object>) (EventHandler<?>) handler;
        add(new Subscription(name, null, eventType, h, handler.getClass()));
    }

    private static void checkName(String name) {
        java.util.Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 150) {
            throw new EventException("Handler name '" + name + "' must be 1 to 150 characters");
        }
    }

    private void add(Subscription s) {
        Subscription before = byName.putIfAbsent(s.name(), s);
        if (before != null) {
            throw new EventException("An event handler named '" + s.name() + "' is already subscribed (to " + described(before)
                    + "); names must be unique and stable, as pending deliveries are addressed to them");
        }
        byType.computeIfAbsent(s.typeName(), t -> new CopyOnWriteArrayList<>()).add(s);
    }

    private static String described(Subscription s) {
        return s.type() != null ? s.type().getName() : s.typeName();
    }

    /** As {@link EventBus#register(Object)}. */
    public void register(Object listener) {
        register(listener, null);
    }

    /** As {@link EventBus#register(Object, MethodHandles.Lookup)}. */
    public void register(Object listener, MethodHandles.@Nullable Lookup lookup) {
        Class<?> cls = listener.getClass();
        record Found(String name, Class<DomainEvent> type, EventHandler<Object> handler) {
        }
        List<Found> found = new ArrayList<>();
        Method[] methods = cls.getDeclaredMethods();
        java.util.Arrays.sort(methods, java.util.Comparator.comparing(Method::getName));
        for (Method m : methods) {
            Subscribe sub = m.getAnnotation(Subscribe.class);
            if (sub == null) {
                continue;
            }
            Class<?>[] params = m.getParameterTypes();
            if (params.length < 1 || params.length > 2 || !DomainEvent.class.isAssignableFrom(params[0]) || !params[0].isRecord()
                    || (params.length == 2 && params[1] != Event.class) || Modifier.isStatic(m.getModifiers())) {
                throw new EventException("@Subscribe method " + cls.getName() + "." + m.getName() + " must be an instance method"
                        + " taking (SomeEvent) or (SomeEvent, Event), where SomeEvent is a record implementing DomainEvent");
            }
            MethodHandle handle;
            try {
                handle = lookup != null ? lookup.unreflect(m) : MethodHandles.publicLookup().unreflect(m);
            } catch (IllegalAccessException e) {
                throw new EventException("@Subscribe method " + cls.getName() + "." + m.getName() + " cannot be called by the"
                        + " event bus: make it public in a public class of an exported package, or call"
                        + " register(listener, MethodHandles.lookup()) from " + cls.getSimpleName(), e);
            }
            boolean withEnvelope = params.length == 2;
            MethodHandle call = handle.bindTo(listener).asType(withEnvelope
                    ? MethodType.methodType(void.class, Object.class, Event.class) : MethodType.methodType(void.class, Object.class));
            String name = sub.value().isEmpty() ? cls.getSimpleName() + "." + m.getName() : sub.value();
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<DomainEvent> type = (Class) params[0];
            found.add(new Found(name, type, (event, envelope) -> invoke(call, withEnvelope, event, envelope)));
        }
        if (found.isEmpty()) {
            throw new EventException(cls.getName() + " has no @Subscribe method; annotate its handler methods with"
                    + " @com.bento.events.Subscribe");
        }
        // all or nothing: a clash leaves none of the listener's methods subscribed
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Found f : found) {
            Subscription taken = byName.get(f.name());
            if (taken != null || !names.add(f.name())) {
                throw new EventException("An event handler named '" + f.name() + "' is already subscribed (to "
                        + (taken != null ? described(taken) : f.type().getName()) + "); names must be unique and stable, as"
                        + " pending deliveries are addressed to them");
            }
        }
        found.forEach(f -> subscribe(f.name(), f.type(), f.handler(), cls));
    }

    /**
     * Removes the handlers a JPMS module defined, and those of its event types: the module was
     * unloaded. Deliveries still pending for them wait (and are parked when they run out of
     * attempts) until a handler of the same name subscribes again, as a reloaded version does.
     *
     * @param module the unloaded module's classes
     * @return the names of the handlers removed
     */
    public List<String> removeDefinedIn(java.lang.Module module) {
        List<String> removed = new ArrayList<>();
        for (Subscription s : List.copyOf(byName.values())) {
            if (s.source().getModule() == module || (s.type() != null && s.type().getModule() == module)) {
                byName.remove(s.name(), s);
                List<Subscription> ofType = byType.get(s.typeName());
                if (ofType != null) {
                    ofType.remove(s);
                }
                removed.add(s.name());
            }
        }
        java.util.Collections.sort(removed);
        return removed;
    }

    private static void invoke(MethodHandle call, boolean withEnvelope, Object event, Event envelope) throws Exception {
        try {
            if (withEnvelope) {
                call.invoke(event, envelope);
            } else {
                call.invoke(event);
            }
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
