package com.bento.runtime.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.Container;
import com.bento.Module;
import com.bento.data.Database;
import com.bento.runtime.BentoRuntime;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A route's time budget: past it the caller gets 503 at once, and the handler's unit of work keeps nothing. */
class DeadlineTest {
    static final List<String> events = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private BentoApp app;

    /** A module with a route that writes a row in a unit of work and takes as long as it is told. */
    public static final class WorkModule implements Module {
        @Override
        public boolean requiresDatabase() {
            return true;
        }

        @Override
        public void onStartup(Container container) {
            container.get("database", Database.class).unitOfWork().run(c -> c.createStatement()
                    .execute("create table if not exists work_done (id varchar(40) primary key)"));
        }

        @Override
        public List<Class<?>> controllers() {
            return List.of(WorkController.class);
        }
    }

    @Controller("/work")
    public static class WorkController {
        private final Database database;

        public WorkController(@Named("database") Database database) {
            this.database = database;
        }

        @Get("/{id}/{millis}")
        @ExecuteOn(TaskExecutors.BLOCKING)
        public Map<String, Object> work(String id, long millis) {
            events.add(id + ".begin");
            try {
                database.unitOfWork().run(c -> {
                    try (PreparedStatement p = c.prepareStatement("insert into work_done (id) values (?)")) {
                        p.setString(1, id);
                        p.executeUpdate();
                    }
                    Thread.sleep(millis);
                });
            } finally {
                events.add(id + ".end");
            }
            return Map.of("id", id);
        }
    }

    @AfterEach
    void stop() {
        events.clear();
        if (app != null) {
            app.close();
        }
    }

    private boolean stored(String id) {
        return app.runtime().container().get("database", Database.class).unitOfWork().call(c -> {
            try (PreparedStatement p = c.prepareStatement("select count(*) from work_done where id = ?")) {
                p.setString(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            }
        });
    }

    @Test
    void pastItsBudgetTheCallerGets503AtOnceAndTheHandlersWorkIsRolledBack() throws Exception {
        app = BentoMicronaut.builder(BentoRuntime.builder().withConfig("deadline", "test").withListenerDiscovery(false)
                .withModules(new WorkModule())).port(0)
                .property("bento.http.deadline.routes", "GET /work/{id}/{millis}=300ms").start();

        HttpResponse<String> late = http.send(HttpRequest.newBuilder(app.url().resolve("/work/slow/2000")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(events).as("answered while the handler still ran").containsExactly("slow.begin");
        assertThat(late.statusCode()).isEqualTo(503);
        assertThat(late.body()).isEqualTo("{\"reason_code\":\"DEADLINE_EXCEEDED\",\"message\":\"The request ran out of its"
                + " time budget\",\"category\":\"UNAVAILABLE\",\"details\":{\"budget_ms\":300},\"retryable\":true}");
        assertThat(late.headers().firstValue("X-Request-ID")).isPresent();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!events.contains("slow.end") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(events).contains("slow.end");
        assertThat(stored("slow")).as("the late handler's row was rolled back").isFalse();

        HttpResponse<String> quick = http.send(HttpRequest.newBuilder(app.url().resolve("/work/quick/10")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(quick.statusCode()).isEqualTo(200);
        assertThat(stored("quick")).as("within the budget it commits").isTrue();
    }
}
