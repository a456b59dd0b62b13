package com.bento.runtime.micronaut;

import com.bento.Container;
import com.bento.Lifetime;
import com.bento.Ports;
import com.bento.ServiceEntry;
import com.bento.data.Database;
import com.bento.runtime.BentoRuntime;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.context.annotation.Prototype;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns every container entry into a Micronaut bean definition, registered before the context
 * starts so that eager beans can inject them. Each definition is named after the entry and typed
 * with its declared type; its supplier asks the container, so a lazy factory still runs only when
 * the bean is first needed, a singleton stays one instance, and a transient entry (a Micronaut
 * prototype) is made anew for each injection point. Scoped entries are prototypes too: each
 * injection asks the container, which answers from the scope open on the current thread.
 */
final class Bridge {

    private Bridge() {
    }

    static List<RuntimeBeanDefinition<?>> definitions(BentoRuntime runtime, BentoHost host) {
        Container container = runtime.container();
        List<RuntimeBeanDefinition<?>> defs = new ArrayList<>();
        for (ServiceEntry e : container.entries()) {
            // DATA_SOURCE_NAME is a constant, inlined: the host runs without the data module too
            if (e.name().equals(Database.DATA_SOURCE_NAME) && e.type() == javax.sql.DataSource.class) {
                // Bento's pool is Micronaut's data source "default", the name Micronaut Data and Micronaut's
                // JDBC support look for; one bean only, since Micronaut Data makes its operations per data source
                defs.add(RuntimeBeanDefinition.builder(javax.sql.DataSource.class,
                        () -> container.get(Database.DATA_SOURCE_NAME, javax.sql.DataSource.class)).named("default").singleton(true).build());
                continue;
            }
            defs.add(definition(container, e));
        }
        container.find(Ports.KEY).ifPresent(ports -> ports.providers().keySet()
                .forEach(port -> defs.add(portDefinition(ports, port))));
        if (present("com.bento.data.Repositories")) {
            defs.addAll(RepositoryBeans.definitions(container));
        }
        defs.add(RuntimeBeanDefinition.builder(Container.class, () -> container).singleton(true).build());
        defs.add(RuntimeBeanDefinition.builder(BentoHost.class, () -> host).singleton(true).build());
        return defs;
    }

    /** Whether Bento's data module and Micronaut Data are both present; checked without loading either. */
    static boolean dataSupport() {
        return present("com.bento.data.Repositories") && present("io.micronaut.data.repository.CrudRepository");
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, Bridge.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A port, injectable by its interface. */
    private static <T> RuntimeBeanDefinition<T> portDefinition(Ports ports, Class<T> port) {
        return RuntimeBeanDefinition.builder(port, () -> ports.get(port)).singleton(true).build();
    }

    private static <T> RuntimeBeanDefinition<T> definition(Container container, ServiceEntry e) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) e.type();
        String name = e.name();
        RuntimeBeanDefinition.Builder<T> b = RuntimeBeanDefinition.builder(type, () -> container.get(name, type)).named(name);
        if (e.lifetime() == Lifetime.SINGLETON) {
            b.singleton(true);
        } else {
            // asked of the container at every injection. Not singleton(false): in Micronaut 4.10.15 that
            // method sets the flag to true whatever its argument, so it is only ever called with true.
            b.scope(Prototype.class);
        }
        return b.build();
    }
}
