package com.bento.events;

import com.bento.Container;
import com.bento.Module;
import com.bento.contracts.Contracts;
import com.bento.data.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@code events} module: puts the {@link EventBus} in the container under {@code events} and the
 * {@link IdempotentConsumer} under {@code events.idempotency}; its migration creates the outbox. At
 * start it opens the external publishers and starts the relay; at shutdown it stops the relay (a
 * delivery under way finishes) and closes the publishers. Modules that publish or subscribe declare
 * {@code @Requires("events")}. Settings: {@link EventSettings}.
 */
public final class EventsModule implements Module {
    private static final System.Logger LOG = System.getLogger(EventsModule.class.getName());
    private DefaultEventBus bus;
    private Relay relay;
    private final List<ExternalPublisher> opened = new ArrayList<>();

    /** Created by {@link ServiceLoader}. */
    public EventsModule() {
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public boolean requiresDatabase() {
        return true;
    }

    @Override
    public void onRegister(Container container) {
        EventSettings settings = container.find(EventSettings.KEY).orElseGet(EventSettings::fromEnvironment);
        bus = new DefaultEventBus(settings, () -> container.get(Database.KEY),
                () -> container.find(Contracts.KEY), Clock.systemUTC());
        settings.publishers().forEach(bus::addPublisher);
        com.bento.spi.Providers.load(ServiceLoader.load(ExternalPublisher.class, EventsModule.class.getClassLoader()),
                ExternalPublisher.class).forEach(bus::addPublisher);
        container.set(EventBus.KEY, bus);
        container.set(IdempotentConsumer.KEY, new IdempotentConsumer(() -> container.get(Database.KEY), Clock.systemUTC()));
        relay = settings.relay() ? new Relay(bus) : null;
    }

    @Override
    public void onStartup(Container container) throws Exception {
        for (ExternalPublisher p : bus.publishers().values()) {
            try {
                p.open(bus.settings());
            } catch (Exception e) {
                closePublishers();
                throw new EventException("External publisher '" + p.name() + "' (" + p.getClass().getName() + ") could not start: "
                        + e.getMessage(), e);
            }
            opened.add(p);
        }
        if (relay != null) {
            relay.start();
            LOG.log(System.Logger.Level.DEBUG, () -> "Event relay started; publishers " + bus.publishers().keySet());
        }
    }

    @Override
    public void onShutdown(Container container) throws Exception {
        try {
            if (relay != null) {
                relay.close();
            }
        } finally {
            closePublishers();
        }
    }

    private void closePublishers() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "Closing external publisher '" + opened.get(i).name() + "' failed", e);
            }
        }
        opened.clear();
    }
}
