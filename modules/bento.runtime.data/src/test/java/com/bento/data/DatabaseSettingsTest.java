package com.bento.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    private static DatabaseSettings resolve(Map<String, String> configured, Map<String, String> props, Map<String, String> env) {
        return DatabaseSettings.resolve("my-shop", false, configured, props::get, env::get);
    }

    @Test
    void micronautSettingsWinOverDatabaseUrlWhichWinsOverTheBuilder() {
        Map<String, String> builder = Map.of("url", "jdbc:h2:mem:builder", "user", "b", "password", "bp");
        Map<String, String> env = Map.of("DATABASE_URL", "jdbc:postgresql://db:5432/env", "DATABASE_USER", "e");
        Map<String, String> micronaut = Map.of("datasources.default.url", "jdbc:postgresql://db:5432/mn",
                "datasources.default.username", "m", "datasources.default.password", "mp");
        assertThat(resolve(builder, micronaut, env)).isEqualTo(
                new DatabaseSettings("jdbc:postgresql://db:5432/mn", "m", "mp", "datasources.default.url"));
        assertThat(resolve(builder, Map.of(), env)).isEqualTo(
                new DatabaseSettings("jdbc:postgresql://db:5432/env", "e", "", "DATABASE_URL"));
        assertThat(resolve(builder, Map.of(), Map.of())).isEqualTo(
                new DatabaseSettings("jdbc:h2:mem:builder", "b", "bp", "RuntimeBuilder.withDatabase"));
        assertThat(resolve(Map.of(), Map.of(), Map.of("DATASOURCES_DEFAULT_URL", "jdbc:h2:mem:x")).source())
                .isEqualTo("datasources.default.url");
    }

    @Test
    void withNothingConfiguredTheDefaultIsAnEmbeddedH2FileThatWritesEachCommitAtOnce() {
        DatabaseSettings file = resolve(Map.of(), Map.of(), Map.of());
        assertThat(file.url()).isEqualTo("jdbc:h2:file:./data/my-shop;AUTO_SERVER=FALSE;WRITE_DELAY=0");
        assertThat(file.embedded()).isTrue();
        assertThat(resolve(Map.of(), Map.of("bento.database.embedded", "memory"), Map.of()).url())
                .isEqualTo("jdbc:h2:mem:my-shop;DB_CLOSE_DELAY=-1");
        assertThat(DatabaseSettings.resolve("my-shop", true, Map.of(), k -> null, k -> null).url())
                .as("tests get a throwaway database").isEqualTo("jdbc:h2:mem:my-shop;DB_CLOSE_DELAY=-1");
        assertThat(DatabaseSettings.resolve("my-shop", true, Map.of(), Map.of("bento.database.embedded", "file")::get,
                k -> null).url()).startsWith("jdbc:h2:file:");
        assertThatThrownBy(() -> resolve(Map.of(), Map.of(), Map.of("BENTO_DATABASE_EMBEDDED", "disk")))
                .hasMessage("bento.database.embedded is 'disk'; expected file (the default: kept under ./data) or memory"
                        + " (gone when the process ends)");
    }

    @Test
    void aPostgresJdbcUrlWithAUserAndPasswordInItConnectsWithThemInsteadOfAskingForAHostNamedAfterThem() {
        DatabaseSettings s = DatabaseSettings.fromDatabaseUrl("jdbc:postgresql://bob:s3cret@127.0.0.1:5999/test", "", "");
        assertThat(s).isEqualTo(new DatabaseSettings("jdbc:postgresql://127.0.0.1:5999/test", "bob", "s3cret", "DATABASE_URL"));
    }

    @Test
    void aPlatformStyleDatabaseUrlBecomesAJdbcUrlWithItsCredentials() {
        DatabaseSettings s = DatabaseSettings.fromDatabaseUrl("postgres://shop:s3cr%40t@db.internal/shop?sslmode=require", "", "");
        assertThat(s).isEqualTo(new DatabaseSettings("jdbc:postgresql://db.internal:5432/shop?sslmode=require", "shop",
                "s3cr@t", "DATABASE_URL"));
        assertThatThrownBy(() -> DatabaseSettings.fromDatabaseUrl("mysql://u:p@h/db", "", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DATABASE_URL mysql://u:******@h/db is neither a JDBC URL (jdbc:...) nor"
                        + " postgres://user:password@host:port/database. Set it to one of those forms.");
    }

    @Test
    void passwordsNeverShow() {
        DatabaseSettings s = new DatabaseSettings("jdbc:postgresql://db/shop?user=u&password=hunter2", "u", "hunter2", "x");
        assertThat(s.maskedUrl()).isEqualTo("jdbc:postgresql://db/shop?user=u&password=******");
        assertThat(s.toString()).doesNotContain("hunter2");
        assertThat(DatabaseSettings.mask("jdbc:postgresql://u:pw@db/shop")).isEqualTo("jdbc:postgresql://u:******@db/shop");
    }
}
