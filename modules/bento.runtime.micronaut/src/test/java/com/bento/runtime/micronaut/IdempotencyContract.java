package com.bento.runtime.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.BentoException;
import com.bento.Container;
import com.bento.Module;
import com.bento.ReasonCode;
import com.bento.data.Database;
import com.bento.runtime.BentoRuntime;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys across two instances of one application on one database: each test sends to both.
 * Run against H2 (two runtimes on one in-memory database) and PostgreSQL.
 */
abstract class IdempotencyContract {
    static final AtomicInteger handled = new AtomicInteger();
    static volatile CountDownLatch slowEntered = new CountDownLatch(1);
    static volatile CountDownLatch slowRelease = new CountDownLatch(0);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = Long.toHexString(System.nanoTime());
    private BentoApp one;
    private BentoApp two;

    /** @return the JDBC URL, user and password both instances use */
    abstract String[] database();

    public static final class LedgerModule implements Module {
        @Override
        public boolean requiresDatabase() {
            return true;
        }

        @Override
        public void onStartup(Container container) {
            container.get("database", Database.class).unitOfWork().run(c -> c.createStatement().execute(
                    "create table if not exists ledger (id varchar(80) primary key, amount bigint not null)"));
        }

        @Override
        public List<Class<?>> controllers() {
            return List.of(LedgerController.class);
        }
    }

    @Controller("/ledger")
    public static class LedgerController {
        private final Database database;

        public LedgerController(@Named("database") Database database) {
            this.database = database;
        }

        private void insert(String id, long amount) {
            database.unitOfWork().run(c -> {
                try (PreparedStatement p = c.prepareStatement("insert into ledger (id, amount) values (?, ?)")) {
                    p.setString(1, id);
                    p.setLong(2, amount);
                    p.executeUpdate();
                }
            });
        }

        @Post
        @Idempotent
        @ExecuteOn(TaskExecutors.BLOCKING)
        public HttpResponse<Map<String, Object>> add(@Body Map<String, Object> entry) throws InterruptedException {
            handled.incrementAndGet();
            String id = (String) entry.get("id");
            insert(id, ((Number) entry.get("amount")).longValue());
            if (Boolean.TRUE.equals(entry.get("slow"))) {
                slowEntered.countDown();
                slowRelease.await(10, TimeUnit.SECONDS);
            }
            if (Boolean.TRUE.equals(entry.get("reject"))) {
                throw new BentoException(new ReasonCode("LEDGER_CLOSED", 409, "CONFLICT", false, "The ledger is closed"),
                        Map.of("id", id));
            }
            if (Boolean.TRUE.equals(entry.get("crash"))) {
                throw new IllegalStateException("disk on fire");
            }
            return HttpResponse.created(Map.of("id", id, "amount", entry.get("amount"), "seq", handled.get()));
        }
    }

    @BeforeEach
    void start() {
        handled.set(0);
        String[] db = database();
        one = app(db);
        two = app(db);
    }

    private static BentoApp app(String[] db) {
        return BentoMicronaut.builder(BentoRuntime.builder().withConfig("ledger", "test").withListenerDiscovery(false)
                .withDatabase(db[0], db[1], db[2]).withModules(new LedgerModule())).port(0).start();
    }

    @AfterEach
    void stop() {
        slowRelease.countDown();
        one.close();
        two.close();
    }

    private java.net.http.HttpResponse<String> post(BentoApp app, String key, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.url().resolve("/ledger")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private int rows(String id) {
        return one.runtime().container().get("database", Database.class).unitOfWork().call(c -> {
            try (PreparedStatement p = c.prepareStatement("select count(*) from ledger where id = ?")) {
                p.setString(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void aRetryOnTheOtherInstanceGetsTheStoredResponseAndTheHandlerRunsOnce() throws Exception {
        String key = "k1-" + run;
        String body = "{\"id\":\"e1-" + run + "\",\"amount\":250}";
        var first = post(one, key, body);
        var retry = post(two, key, "{\"amount\":250,\"id\":\"e1-" + run + "\"}"); // the same object, keys in another order
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotency-Replayed")).contains("true");
        assertThat(first.headers().firstValue("Idempotency-Replayed")).isEmpty();
        assertThat(handled).hasValue(1);
        assertThat(rows("e1-" + run)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() throws Exception {
        String key = "k2-" + run;
        assertThat(post(one, key, "{\"id\":\"e2-" + run + "\",\"amount\":1}").statusCode()).isEqualTo(201);
        var reused = post(two, key, "{\"id\":\"e2-" + run + "\",\"amount\":2}");
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.body()).startsWith("{\"reason_code\":\"IDEMPOTENCY_KEY_REUSED\"");
    }

    @Test
    void aRetryWhileTheFirstRunsIs409ThenTheStoredResponse() throws Exception {
        String key = "k3-" + run;
        String body = "{\"id\":\"e3-" + run + "\",\"amount\":3,\"slow\":true}";
        slowEntered = new CountDownLatch(1);
        slowRelease = new CountDownLatch(1);
        CompletableFuture<java.net.http.HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return post(one, key, body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(slowEntered.await(10, TimeUnit.SECONDS)).as("the first request is in its handler").isTrue();
        var concurrent = post(two, key, body);
        assertThat(concurrent.statusCode()).isEqualTo(409);
        assertThat(concurrent.body()).startsWith("{\"reason_code\":\"IDEMPOTENCY_IN_PROGRESS\"").contains("\"retryable\":true");
        slowRelease.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        var after = post(two, key, body);
        assertThat(after.statusCode()).isEqualTo(201);
        assertThat(after.body()).isEqualTo(first.get().body());
        assertThat(handled).hasValue(1);
    }

    @Test
    void aRefusalIsStoredWithItsWorkRolledBackAndACrashFreesTheKey() throws Exception {
        String rejected = "{\"id\":\"e4-" + run + "\",\"amount\":4,\"reject\":true}";
        var refusal = post(one, "k4-" + run, rejected);
        assertThat(refusal.statusCode()).isEqualTo(409);
        assertThat(rows("e4-" + run)).as("the handler's insert rolled back with it").isZero();
        var again = post(two, "k4-" + run, rejected);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).isEqualTo(refusal.body());
        assertThat(handled).as("the refusal was replayed, not run again").hasValue(1);

        String crash = "{\"id\":\"e5-" + run + "\",\"amount\":5,\"crash\":true}";
        assertThat(post(one, "k5-" + run, crash).statusCode()).isEqualTo(500);
        assertThat(post(two, "k5-" + run, crash).statusCode()).isEqualTo(500);
        assertThat(handled).as("after a 500 the key is free and the retry runs").hasValue(3);
        assertThat(rows("e5-" + run)).isZero();
    }

    @Test
    void withoutTheHeaderEveryRequestRuns() throws Exception {
        assertThat(post(one, null, "{\"id\":\"e6-" + run + "\",\"amount\":6}").statusCode()).isEqualTo(201);
        assertThat(post(two, null, "{\"id\":\"e7-" + run + "\",\"amount\":7}").statusCode()).isEqualTo(201);
        assertThat(handled).hasValue(2);
        assertThat(post(one, "bad key with spaces", "{\"id\":\"e8\",\"amount\":8}").statusCode()).isEqualTo(400);
    }
}
