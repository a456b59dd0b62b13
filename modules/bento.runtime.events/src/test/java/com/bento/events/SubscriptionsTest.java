package com.bento.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.events.fixture.Numbered;
import com.bento.events.fixture.OrderPlaced;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the bus lets go of when a module is unloaded while the application runs. */
class SubscriptionsTest {

    /** A listener with @Subscribe methods: owned by this (test) module, whatever wraps its methods. */
    public static final class Listener {
        @Subscribe("listener.numbered")
        public void on(Numbered event) {
        }
    }

    @Test
    void theHandlersAnUnloadedModuleDefinedAreRemovedAndNoOthers() {
        Subscriptions subscriptions = new Subscriptions();
        EventHandler<?> foreign = (EventHandler<?>) Proxy.newProxyInstance(SubscriptionsTest.class.getClassLoader(),
                new Class<?>[] {EventHandler.class}, (proxy, method, args) -> null);
        java.lang.Module unloaded = foreign.getClass().getModule();
        assertThat(unloaded).as("a module of its own, as a loaded module's would be")
                .isNotSameAs(SubscriptionsTest.class.getModule());

        subscriptions.subscribe("mine.placed", OrderPlaced.class, (event, envelope) -> { });
        @SuppressWarnings("unchecked")
        EventHandler<OrderPlaced> theirs = (EventHandler<OrderPlaced>) foreign;
        subscriptions.subscribe("theirs.placed", OrderPlaced.class, theirs);
        @SuppressWarnings("unchecked")
        EventHandler<Event> theirsByName = (EventHandler<Event>) foreign;
        subscriptions.subscribe("theirs.by-name", "shop.OrderPlaced", theirsByName);
        subscriptions.register(new Listener());

        assertThat(subscriptions.removeDefinedIn(unloaded)).containsExactly("theirs.by-name", "theirs.placed");
        assertThat(subscriptions.handlers(EventCodec.typeName(OrderPlaced.class))).containsExactly("mine.placed");
        assertThat(subscriptions.handlers("shop.OrderPlaced")).isEmpty();
        assertThat(subscriptions.removeDefinedIn(SubscriptionsTest.class.getModule()))
                .as("the listener's methods belong to the listener's module").containsExactly("listener.numbered", "mine.placed");
        assertThat(subscriptions.handlers(EventCodec.typeName(Numbered.class))).isEmpty();
        // a reloaded version subscribes again under the same names
        subscriptions.subscribe("theirs.placed", OrderPlaced.class, theirs);
        assertThat(subscriptions.handlers(EventCodec.typeName(OrderPlaced.class))).isEqualTo(List.of("theirs.placed"));
    }
}
