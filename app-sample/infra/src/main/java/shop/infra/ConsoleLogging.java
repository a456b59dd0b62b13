package shop.infra;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The shop's logging, set up in code: one console appender, INFO, and quieter levels for the libraries
 * that talk at every start. Logback finds it through {@code ServiceLoader} ({@code provides} in
 * module-info) before its own file lookup; configuring from code spares each start the XML parser and
 * logback's configuration model (about 400 classes, measured in docs/benchmarks.md).
 *
 * <p>A file still wins: with {@code -Dlogback.configurationFile=...}, or a {@code logback-test.xml} or
 * {@code logback.xml} on the class or module path, this configurator steps aside and logback reads
 * the file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {

    /** The console line: time, level, logger, message. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n";

    /**
     * Levels below the root's INFO (Bento logs each module's applied migrations itself). Flyway 10.22
     * (Micronaut's platform) warns on each of its passes that H2 2.5 is newer than the 2.3 it was tested
     * with; the shop pins H2 2.5.252 on purpose and bento.runtime.data's tests run every migration on it,
     * so that one logger shows errors only.
     */
    static final Map<String, Level> LEVELS = Map.of(
            "io.micronaut", Level.WARN,
            "org.flywaydb", Level.WARN,
            "org.flywaydb.core.internal.database.base.Database", Level.ERROR,
            "com.zaxxer.hikari", Level.WARN);

    /** Creates the configurator; logback's service lookup calls this. */
    public ConsoleLogging() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String file = configurationFile();
        if (file != null) {
            addInfo("shop.infra.ConsoleLogging: " + file + " is given; logback reads it instead");
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The configuration file logback would read, or null when there is none. */
    static String configurationFile() {
        String property = System.getProperty("logback.configurationFile");
        if (property != null && !property.isBlank()) {
            return "-Dlogback.configurationFile=" + property;
        }
        ClassLoader loader = ConsoleLogging.class.getClassLoader();
        for (String name : new String[] {"logback-test.xml", "logback.xml"}) {
            if (loader.getResource(name) != null) {
                return name;
            }
        }
        return null;
    }
}
