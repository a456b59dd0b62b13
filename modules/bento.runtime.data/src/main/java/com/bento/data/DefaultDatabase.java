package com.bento.data;

import javax.sql.DataSource;

/** The database facade registered in the container. */
record DefaultDatabase(DataSource dataSource, UnitOfWork unitOfWork, DatabaseSettings settings) implements Database {
}
