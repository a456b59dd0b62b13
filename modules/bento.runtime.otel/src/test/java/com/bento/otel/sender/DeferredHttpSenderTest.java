package com.bento.otel.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DeferredHttpSenderTest {

    /** A provider that counts the senders it makes and records what they are asked to do. */
    private static final class CountingProvider implements HttpSenderProvider {
        final AtomicInteger created = new AtomicInteger();
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public HttpSender createSender(HttpSenderConfig config) {
            created.incrementAndGet();
            events.add("created");
            return new HttpSender() {
                @Override
                public void send(MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
                    events.add("sent");
                }

                @Override
                public CompletableResultCode shutdown() {
                    events.add("shut down");
                    return CompletableResultCode.ofSuccess();
                }
            };
        }
    }

    private static HttpSenderConfig config() {
        return (HttpSenderConfig) Proxy.newProxyInstance(HttpSenderConfig.class.getClassLoader(),
                new Class<?>[] {HttpSenderConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getEndpoint" -> java.net.URI.create("http://127.0.0.1:4318/v1/traces");
                    case "toString" -> "config";
                    default -> null;
                });
    }

    private static final MessageWriter NOTHING = new MessageWriter() {
        @Override
        public void writeMessage(OutputStream output) {
        }

        @Override
        public int getContentLength() {
            return 0;
        }
    };

    @Test
    void theRealSenderIsMadeOnTheFirstSendNotBefore() {
        CountingProvider provider = new CountingProvider();
        DeferredHttpSenderProvider.DeferredSender sender = new DeferredHttpSenderProvider.DeferredSender(config(), () -> provider);
        assertThat(provider.created).hasValue(0);
        assertThat(sender.created()).isFalse();
        sender.send(NOTHING, r -> { }, e -> { });
        sender.send(NOTHING, r -> { }, e -> { });
        assertThat(provider.events).containsExactly("created", "sent", "sent");
        sender.shutdown();
        assertThat(provider.events).endsWith("shut down");
    }

    @Test
    void aSenderNeverUsedShutsDownWithoutMakingOneAndRefusesToSendAfter() {
        CountingProvider provider = new CountingProvider();
        DeferredHttpSenderProvider.DeferredSender sender = new DeferredHttpSenderProvider.DeferredSender(config(), () -> provider);
        assertThat(sender.shutdown().isSuccess()).isTrue();
        List<Throwable> errors = new ArrayList<>();
        sender.send(NOTHING, r -> { }, errors::add);
        assertThat(provider.created).hasValue(0);
        assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("shut down")
                .hasMessageContaining("http://127.0.0.1:4318/v1/traces"));
    }

    @Test
    void concurrentFirstSendsMakeOneSender() throws Exception {
        CountingProvider provider = new CountingProvider();
        DeferredHttpSenderProvider.DeferredSender sender = new DeferredHttpSenderProvider.DeferredSender(config(), () -> provider);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sender.send(NOTHING, r -> { }, e -> { });
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(provider.created).hasValue(1);
        assertThat(provider.events.stream().filter("sent"::equals)).hasSize(8);
    }

    @Test
    void aProviderThatFailsIsReportedToTheExportNotThrown() {
        DeferredHttpSenderProvider.DeferredSender sender = new DeferredHttpSenderProvider.DeferredSender(config(), () -> {
            throw new IllegalStateException("no sender");
        });
        List<Throwable> errors = new ArrayList<>();
        sender.send(NOTHING, r -> { }, errors::add);
        assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessage("no sender"));
    }

    @Test
    void theDelegateIsTheJdkSenderOnThePath() {
        HttpSenderProvider delegate = DeferredHttpSenderProvider.delegateProvider();
        assertThat(delegate).isNotInstanceOf(DeferredHttpSenderProvider.class);
        assertThat(delegate.getClass().getName()).contains("sender.jdk");
    }

    @Test
    void theSdkIsPointedAtTheDeferredSenderUnlessTheApplicationChoseOne() {
        String key = DeferredHttpSenderProvider.PREFERENCE;
        String before = System.getProperty(key);
        try {
            System.setProperty(key, "com.example.MySender");
            DeferredHttpSenderProvider.preferThisOne();
            assertThat(System.getProperty(key)).isEqualTo("com.example.MySender");
            System.clearProperty(key);
            DeferredHttpSenderProvider.preferThisOne();
            assertThat(System.getProperty(key)).isEqualTo(DeferredHttpSenderProvider.class.getName());
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
