package com.bento.data;

import com.bento.HealthCheck;
import com.bento.ServiceKey;
import javax.sql.DataSource;

/** The application's database, in the container under {@code database}. */
public interface Database {

    /** The name of the pooled data source's entry: a constant, so that code which may run without this module (the Micronaut bean bridge) can name it. */
    String DATA_SOURCE_NAME = "database.dataSource";

    /** The database: unit of work and pool. */
    ServiceKey<Database> KEY = ServiceKey.of("database", Database.class);

    /** The pooled data source. */
    ServiceKey<DataSource> DATA_SOURCE = ServiceKey.of(DATA_SOURCE_NAME, DataSource.class);

    /** The database's health check. */
    ServiceKey<HealthCheck> HEALTH = ServiceKey.of("database.health", HealthCheck.class);

    /**
     * The pool, aware of units of work: a connection asked for inside one is the unit's own
     * (closing it does nothing), so code written against a plain {@link DataSource} joins the
     * transaction.
     *
     * @return the data source, also in the container under {@code database.dataSource}
     */
    DataSource dataSource();

    /** @return transactions on this database */
    UnitOfWork unitOfWork();

    /** @return the settings in use; {@link DatabaseSettings#toString()} masks the password */
    DatabaseSettings settings();
}
