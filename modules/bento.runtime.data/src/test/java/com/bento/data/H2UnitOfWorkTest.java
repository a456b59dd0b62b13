package com.bento.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.runtime.BentoRuntime;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

/** The suite on the embedded default: no setting at all gives an in-memory H2 database. */
class H2UnitOfWorkTest extends UnitOfWorkContract {

    @Override
    protected BentoRuntime build() {
        return BentoRuntime.builder().withConfig("h2-" + table.replace('_', '-'), "test").withListenerDiscovery(false)
                .withModules(new Audit(), new Store()).build();
    }

    @Test
    void theEmbeddedDefaultIsUsedWhenNothingIsConfigured() throws Exception {
        assertThat(database.settings().embedded()).isTrue();
        assertThat(database.settings().url()).startsWith("jdbc:h2:mem:");
        HikariDataSource pool = database.dataSource().unwrap(HikariDataSource.class);
        runtime.close();
        assertThat(pool.isClosed()).as("the pool closes at shutdown").isTrue();
    }
}
