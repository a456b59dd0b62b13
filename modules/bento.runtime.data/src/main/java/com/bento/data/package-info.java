/**
 * The database of a Bento application.
 *
 * <pre>{@code
 * public final class CatalogModule implements Module {
 *     public boolean requiresDatabase() { return true; }
 *     public void onStartup(Container container) {
 *         Database db = container.get(Database.KEY);
 *         db.unitOfWork().run(connection -> {
 *             try (var insert = connection.prepareStatement("insert into product(sku) values (?)")) {
 *                 insert.setString(1, "tea");
 *                 insert.executeUpdate();
 *             }
 *         });                                  // committed, or rolled back if the work threw
 *     }
 * }
 * }</pre>
 */
@NullMarked
package com.bento.data;

import org.jspecify.annotations.NullMarked;
