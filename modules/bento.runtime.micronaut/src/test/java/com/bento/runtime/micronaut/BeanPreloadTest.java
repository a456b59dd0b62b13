package com.bento.runtime.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.ConfigurationException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.BeanDefinitionReference;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Micronaut's bean definitions are loaded on a thread of their own while the runtime builds; a
 * definition that fails is skipped; /bento/startup reports what was loaded; the builder and the
 * setting switch it off.
 */
class BeanPreloadTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> loadedOn = new CopyOnWriteArrayList<>();

    private BeanDefinitionReference<?> reference(String name, boolean present, RuntimeException failure) {
        return (BeanDefinitionReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BeanDefinitionReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isPresent" -> present;
                    case "getBeanDefinitionName" -> name;
                    case "load" -> {
                        loadedOn.add(name + "@" + Thread.currentThread().getName());
                        if (failure != null) {
                            throw failure;
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void loadsEveryPresentDefinitionOnItsOwnThreadAndSkipsTheOnesThatFail() throws Exception {
        BeanPreload preload = BeanPreload.start(() -> List.of(reference("a", true, null),
                reference("broken", true, new IllegalStateException("no such bean type")), reference("absent", false, null),
                reference("b", true, null)));
        BeanPreload.Done done = preload.finished().get(10, TimeUnit.SECONDS);
        assertThat(done.loaded()).isEqualTo(2);
        assertThat(done.skipped()).isEqualTo(2);
        assertThat(loadedOn).containsExactly("a@" + BeanPreload.THREAD, "broken@" + BeanPreload.THREAD,
                "b@" + BeanPreload.THREAD);
        assertThat(preload.result()).contains(done);
    }

    @Test
    void aFailureToListTheDefinitionsEndsThePreloadWithNothingLoaded() throws Exception {
        BeanPreload preload = BeanPreload.start(() -> {
            throw new IllegalStateException("unreadable META-INF/micronaut");
        });
        BeanPreload.Done done = preload.finished().get(10, TimeUnit.SECONDS);
        assertThat(done.loaded()).isZero();
    }

    @Test
    void anAppReportsThatItPreloadedEveryDefinitionItsContextCanLoad() throws Exception {
        ClassLoader loader = ApplicationContext.class.getClassLoader();
        long present = BeanPreload.references(loader).stream().filter(BeanDefinitionReference::isPresent).count();
        try (BentoApp app = BentoMicronaut.builder(Shop.runtime()).port(0).start()) {
            Matcher loaded = await(app, Pattern.compile("\"preloaded_bean_definitions\":(\\d+)"));
            assertThat(Long.parseLong(loaded.group(1))).as("every present definition, some of them the shop's")
                    .isEqualTo(present).isGreaterThan(50);
            assertThat(get(app, "/bento/startup")).containsPattern("\"preload_time\":[0-9.E-]+");
        }
    }

    @Test
    void switchedOffOnTheBuilderTheStartUpReportHasNoPreload() throws Exception {
        try (BentoApp app = BentoMicronaut.builder(Shop.runtime()).port(0).preload(false).start()) {
            assertThat(get(app, "/bento/startup")).contains("\"bridge_time\":").doesNotContain("preload");
        }
    }

    @Test
    void theSettingSwitchesItOffAndAWrongValueIsRefusedByName() throws Exception {
        try {
            System.setProperty("bento.micronaut.preload", "off");
            try (BentoApp app = BentoMicronaut.builder(Shop.runtime()).port(0).start()) {
                assertThat(get(app, "/bento/startup")).doesNotContain("preload");
            }
            System.setProperty("bento.micronaut.preload", "sometimes");
            assertThatThrownBy(() -> BentoMicronaut.builder(Shop.runtime())).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("bento.micronaut.preload is 'sometimes'; expected true or false");
        } finally {
            System.clearProperty("bento.micronaut.preload");
        }
    }

    /** The preload may still be running when the server answers: ask again until it reports (10 s at most). */
    private Matcher await(BentoApp app, Pattern pattern) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String body = get(app, "/bento/startup");
            Matcher m = pattern.matcher(body);
            if (m.find()) {
                return m;
            }
            assertThat(System.nanoTime()).as("no preload reported: %s", body).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private String get(BentoApp app, String path) throws Exception {
        URI uri = app.url().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
