package com.bento.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.ConfigurationException;
import com.bento.Settings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The settings helpers every Bento module reads its configuration with. */
class SettingsTest {

    @Test
    void aSystemPropertyComesBeforeTheEnvironmentAndBlankCountsAsAbsent() {
        String env = System.getenv().keySet().stream().filter(k -> !System.getenv(k).isBlank()).findFirst().orElseThrow();
        assertThat(Settings.lookup("bento.test.absent", env)).contains(System.getenv(env).trim());
        System.setProperty("bento.test.present", "  from-property ");
        try {
            assertThat(Settings.lookup("bento.test.present", env)).contains("from-property");
            System.setProperty("bento.test.present", " ");
            assertThat(Settings.lookup("bento.test.present", "BENTO_TEST_SURELY_UNSET", "fallback")).isEqualTo("fallback");
        } finally {
            System.clearProperty("bento.test.present");
        }
    }

    @Test
    void durationsReadInEveryWrittenForm() {
        assertThat(Settings.duration("k", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Settings.duration("k", " 2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Settings.duration("k", "10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Settings.duration("k", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Settings.duration("k", "PT0.5S")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> Settings.duration("bento.x.ttl", "soon")).isInstanceOf(ConfigurationException.class)
                .hasMessage("bento.x.ttl is 'soon'; expected a duration such as 250ms, 2s, 10m or PT2S");
        assertThatThrownBy(() -> Settings.duration("bento.x.ttl", "5d")).hasMessageStartingWith("bento.x.ttl is '5d'");
    }

    @Test
    void flagsReadYesAndNoInTheirUsualForms() {
        assertThat(Settings.flag("k", " ON")).isTrue();
        assertThat(Settings.flag("k", "yes")).isTrue();
        assertThat(Settings.flag("k", "False")).isFalse();
        assertThat(Settings.flag("k", "off")).isFalse();
        assertThatThrownBy(() -> Settings.flag("bento.events.relay", "maybe")).isInstanceOf(ConfigurationException.class)
                .hasMessage("bento.events.relay is 'maybe'; expected true or false");
    }

    @Test
    void passwordsInUrlsAndParametersAreMasked() {
        assertThat(Settings.maskPasswords("amqp://guest:guest@127.0.0.1:5672/vhost")).isEqualTo("amqp://guest:******@127.0.0.1:5672/vhost");
        assertThat(Settings.maskPasswords("jdbc:postgresql://db/shop?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/shop?user=app&password=******&ssl=true");
        assertThat(Settings.maskPasswords("redis://:tok@host:6379")).isEqualTo("redis://:******@host:6379");
        assertThat(Settings.maskPasswords("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1")).isEqualTo("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
    }

    @Test
    void aUserAndPasswordBeforeAHostAreMaskedWithoutAScheme() {
        assertThat(Settings.maskPasswords("java.net.UnknownHostException: bob:s3cret@127.0.0.1"))
                .isEqualTo("java.net.UnknownHostException: bob:******@127.0.0.1");
        assertThat(Settings.maskPasswords("host 'bob:s3cret@db.internal' not found"))
                .isEqualTo("host 'bob:******@db.internal' not found");
        assertThat(Settings.maskPasswords("at 10:30 the order o-1 was placed")).isEqualTo("at 10:30 the order o-1 was placed");
    }

    @Test
    void aChainThatShowsASecretIsCopiedWithEveryMessageMaskedAndItsTypesAndFramesKept() {
        IllegalStateException root = new IllegalStateException("login as bob with hunter2 refused");
        RuntimeException middle = new RuntimeException("cannot reach bob:hunter2@db", root);
        middle.addSuppressed(new IllegalArgumentException("retry with hunter2 failed too"));
        RuntimeException top = new RuntimeException("pool failed", middle);

        Throwable safe = Settings.redact(top, java.util.List.of("hunter2"));

        java.io.StringWriter printed = new java.io.StringWriter();
        safe.printStackTrace(new java.io.PrintWriter(printed));
        assertThat(printed.toString()).as("the whole printed chain").doesNotContain("hunter2")
                .contains("java.lang.RuntimeException: pool failed",
                        "Caused by: java.lang.RuntimeException: cannot reach bob:******@db",
                        "Suppressed: java.lang.IllegalArgumentException: retry with ****** failed too",
                        "Caused by: java.lang.IllegalStateException: login as bob with ****** refused");
        assertThat(safe.getCause().getStackTrace()).isEqualTo(middle.getStackTrace());
    }

    @Test
    void aChainWithoutSecretsIsLeftAsItIs() {
        RuntimeException failure = new RuntimeException("port 5432 refused", new java.net.ConnectException("refused"));
        assertThat(Settings.redact(failure, java.util.List.of("hunter2", ""))).isSameAs(failure);
    }
}
