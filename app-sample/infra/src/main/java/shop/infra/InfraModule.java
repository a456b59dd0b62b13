package shop.infra;

import com.bento.Container;
import com.bento.Module;
import java.time.Clock;
import java.util.UUID;
import shop.infra.api.Ids;

/** Shared services every other module may use: {@code infra.clock} and {@code infra.ids}. */
public final class InfraModule implements Module {

    @Override
    public void onRegister(Container container) {
        container.set("infra.clock", Clock.class, Clock.systemUTC());
        container.set("infra.ids", Ids.class, prefix -> prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
