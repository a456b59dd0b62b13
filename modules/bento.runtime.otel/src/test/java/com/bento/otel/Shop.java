package com.bento.otel;

import com.bento.Container;
import com.bento.Module;
import com.bento.Requires;

/** Three test modules: infra, catalog (requires infra), ordering (requires both). */
final class Shop {
    private Shop() {
    }

    static volatile RuntimeException failOrderingStartup;

    public static final class InfraModule implements Module {
    }

    @Requires("infra")
    public static final class CatalogModule implements Module {
    }

    @Requires({"infra", "catalog"})
    public static final class OrderingModule implements Module {
        @Override
        public void onStartup(Container container) {
            RuntimeException failure = failOrderingStartup;
            if (failure != null) {
                throw failure;
            }
        }
    }

    static Module[] modules() {
        return new Module[] {new OrderingModule(), new CatalogModule(), new InfraModule()};
    }
}
