package bare.shop;

import io.micronaut.context.annotation.Context;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Migrates the schema before the server starts, as the sample's database phase does. */
@Context
public final class Migrations {
    /**
     * @param dataSource Micronaut's default data source
     */
    public Migrations(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }
}
