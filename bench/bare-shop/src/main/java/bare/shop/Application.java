package bare.shop;

import io.micronaut.runtime.Micronaut;

/**
 * The sample shop's endpoints and tables as a plain Micronaut application, with no Bento: products,
 * orders and the Order state machine, on H2 through Micronaut's Hikari data source, migrated by Flyway
 * at start. It is the baseline {@code bench/startup.sh} compares the sample against.
 */
public final class Application {
    private Application() {
    }

    /**
     * Starts the shop without a banner, as Bento's launcher does.
     *
     * @param args Micronaut's arguments, such as {@code -micronaut.server.port=8081}
     */
    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
