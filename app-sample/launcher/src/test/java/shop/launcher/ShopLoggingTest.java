package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shop's logging is set up in code (shop.infra.ConsoleLogging, found by logback's service lookup):
 * a real start prints its lines in the shop's pattern at the shop's levels without logback reading any
 * XML; a configuration file given with -Dlogback.configurationFile takes over.
 */
class ShopLoggingTest {

    @Test
    void theShopLogsInItsPatternWithoutLogbackParsingAnyXml() throws Exception {
        Path dir = Files.createTempDirectory("shop-logging-");
        Path classes = dir.resolve("classes.log");
        try (Shop shop = Shop.launch().in(dir).jvm("-Xlog:class+load:file=" + classes).start()) {
            assertThat(shop.send("GET", "products", null).statusCode()).isEqualTo(200);
            assertThat(shop.terminate(30)).isPositive();
            assertThat(shop.output).as("output:\n%s", shop.log())
                    .anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  com\\.bento\\.runtime\\.BentoRuntime - Started 'shop' .*"))
                    // io.micronaut logs at WARN and above only
                    .noneMatch(l -> l.matches("\\S+ (INFO|DEBUG) +io\\.micronaut\\..*"));
        }
        String loaded = Files.readString(classes);
        assertThat(loaded).as("the configurator ran").contains("shop.infra.ConsoleLogging ");
        assertThat(loaded).as("logback's XML configuration was never loaded")
                .doesNotContain("ch.qos.logback.core.joran.GenericXMLConfigurator ", "javax.xml.parsers.SAXParserFactory ");
    }

    @Test
    void aConfigurationFileGivenOnTheCommandLineTakesOver() throws Exception {
        Path dir = Files.createTempDirectory("shop-logging-");
        Path file = dir.resolve("custom-logback.xml");
        Files.writeString(file, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>CUSTOM %level %logger - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        try (Shop shop = Shop.launch().in(dir).jvm("-Dlogback.configurationFile=" + file).start()) {
            assertThat(shop.output).as("output:\n%s", shop.log())
                    .anyMatch(l -> l.startsWith("CUSTOM INFO com.bento.runtime.BentoRuntime - Started 'shop'"));
        }
    }
}
