package com.bento.runtime.micronaut;

import com.bento.Container;
import com.bento.Module;
import com.bento.runtime.BentoRuntime;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;

/**
 * A child JVM for the SIGTERM test: Bento owns main, prints "READY port", and reports lifecycle
 * events on standard output as "EVENT name".
 */
public final class GracefulChild {
    private GracefulChild() {
    }

    static void event(String name) {
        System.out.println("EVENT " + name);
        System.out.flush();
    }

    public static final class SlowModule implements Module {
        @Override
        public void onStartup(Container container) {
            event("slow.startup");
        }

        @Override
        public void onShutdown(Container container) {
            event("slow.shutdown");
        }

        @Override
        public List<Class<?>> controllers() {
            return List.of(SlowController.class, BigController.class);
        }
    }

    @Controller("/slow")
    public static final class SlowController {
        @Get
        @ExecuteOn(TaskExecutors.BLOCKING)
        public String slow() throws InterruptedException {
            event("slow.request.begin");
            Thread.sleep(1500);
            event("slow.request.end");
            return "done";
        }
    }

    /** A response large enough that Netty is still writing it, to a slow reader, when the signal comes. */
    @Controller("/big")
    public static final class BigController {
        static final int SIZE = 16 << 20;

        @Get(produces = "application/octet-stream")
        public byte[] big() {
            byte[] body = new byte[SIZE];
            java.util.Arrays.fill(body, (byte) 'b');
            return body;
        }
    }

    public static void main(String[] args) {
        BentoApp app = BentoMicronaut.runOrExit(BentoRuntime.builder().withConfig("graceful", "test")
                .withListenerDiscovery(false).withModules(new SlowModule()), "-micronaut.server.port=0");
        System.out.println("READY " + app.port());
        System.out.flush();
    }
}
