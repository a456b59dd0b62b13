/**
 * HTTP routes a module declares as code, {@link com.bento.Module#routes}: served by Bento's web host
 * for every module, and the way a module loaded while the application runs
 * ({@code BentoRuntime.dynamicModules()}) answers HTTP, since a web framework's router is fixed
 * when its server starts.
 *
 * <pre>{@code
 * @Override
 * public void routes(HttpRoutes routes, Container container) {
 *     PriceList prices = container.get(PriceList.KEY);
 *     routes.get("/prices/{sku}", call -> HttpReply.json(200, prices.asJson(call.pathParam("sku"))));
 * }
 * }</pre>
 */
@NullMarked
package com.bento.http;

import org.jspecify.annotations.NullMarked;
