package com.bento.data;

import javax.sql.DataSource;

/** The application's database, in the container under {@code database}. */
public interface Database {

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
