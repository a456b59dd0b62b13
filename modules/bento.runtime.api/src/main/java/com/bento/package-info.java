/**
 * Bento's module API.
 *
 * <pre>{@code
 * @Requires("infra")
 * public final class CatalogModule implements Module {      // name() is "catalog"
 *     @Override
 *     public void onRegister(Container container) {
 *         DataSource db = container.get("infra.datasource", DataSource.class);
 *         container.set("catalog.repo", CategoryRepository.class, new JdbcCategoryRepository(db));
 *     }
 * }
 * }</pre>
 *
 * and in {@code module-info.java}: {@code provides com.bento.Module with com.shop.catalog.CatalogModule;}
 */
@NullMarked
package com.bento;

import org.jspecify.annotations.NullMarked;
