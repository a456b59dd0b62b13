package com.bento.runtime;

import com.bento.Container;
import com.bento.Module;
import java.util.LinkedHashMap;
import java.util.Map;

/** A test stand-in: a module of a given name that registers given services. */
final class MockModule implements Module {
    private final String name;
    private final Map<String, Object> services;

    MockModule(String name, Map<String, Object> services) {
        this.name = name;
        this.services = new LinkedHashMap<>(services);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void onRegister(Container container) {
        services.forEach(container::set);
    }

    @Override
    public String toString() {
        return "MockModule[" + name + ", services=" + services.keySet() + "]";
    }
}
