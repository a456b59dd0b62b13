package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A start that fails on a secret-bearing setting: the process exits 1 and prints the failure once,
 * one line and its cause, with no password anywhere in its whole output, cause chains included.
 */
class StartFailureOutputTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "DATABASE_URL, jdbc:postgresql://bob:s3cret@127.0.0.1:5999/test",
        // Micronaut's own setting goes to the driver as given: the driver reports 'bob:s3cret@127.0.0.1' as a host
        "DATASOURCES_DEFAULT_URL, jdbc:postgresql://bob:s3cret@127.0.0.1:5999/test",
        "DATABASE_URL, postgres://bob:s3cret@127.0.0.1:5999/test",
        "BENTO_CACHE_REDIS_URL, redis://:s3cret@127.0.0.1:5999",
    })
    void noPasswordReachesTheOutputAndTheFailurePrintsOnce(String key, String value) throws Exception {
        Shop.Launch launch = Shop.launch().env(key, value).env("BENTO_DATABASE_CONNECT_TIMEOUT", "2");
        if (key.startsWith("BENTO_CACHE")) {
            launch.env("BENTO_CACHE_BACKEND", "redis");
        }
        try (Shop shop = launch.spawn()) {
            assertThat(shop.awaitExit(90)).as("exit status; output:\n%s", shop.log()).isEqualTo(1);
            assertThat(shop.log()).as("the whole output").doesNotContain("s3cret");
            List<String> failures = shop.output.stream().filter(l -> l.contains("failed to start")).toList();
            assertThat(failures).as("output:\n%s", shop.log()).hasSize(1);
            assertThat(failures.get(0)).startsWith("Bento application failed to start: ");
            assertThat(shop.output).as("no stack trace on a start failure; output:\n%s", shop.log())
                    .noneMatch(l -> l.startsWith("\tat "));
        }
    }

    @org.junit.jupiter.api.Test
    void anEmptyContractsFolderFailsTheStartNamingWhatTheModulesNeed() throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.createTempDirectory("no-contracts-");
        try (Shop shop = Shop.launch().env("BENTO_CONTRACTS", empty.toString()).spawn()) {
            assertThat(shop.awaitExit(90)).as("exit status; output:\n%s", shop.log()).isEqualTo(1);
            assertThat(shop.log()).contains(empty.toAbsolutePath() + ": the contracts folder holds no contracts.",
                    empty.resolve("state-machines/order.state-machine.yaml") + ": missing: module 'ordering'"
                            + " (shop.ordering.OrderingModule) uses the state machine of aggregate 'Order'.",
                    empty.resolve("events/OrderPlaced.schema.json") + ": missing: module 'catalog'");
            assertThat(shop.log()).as("it never served").doesNotContain("serving on");
        }
    }
}
