package shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.Ports;
import com.bento.cache.Cache;
import com.bento.data.Repositories;
import com.bento.runtime.BentoRuntime;
import com.bento.test.BentoAssertions;
import com.bento.test.BentoTest;
import com.bento.test.Service;
import org.junit.jupiter.api.Test;
import shop.catalog.api.PricingPort;
import shop.catalog.api.Product;

/**
 * The shop's catalog module in a runtime of the discovered modules (test mode: an in-memory
 * database), without the web host: what another module sees through the pricing port.
 */
@BentoTest(contracts = "../contracts")
class CatalogModuleTest {

    @Test
    void theDiscoveredModulesRunWithTheirServices(BentoRuntime runtime) {
        BentoAssertions.assertModuleLoaded(runtime, "catalog");
        BentoAssertions.assertModuleLoaded(runtime, "ordering");
        BentoAssertions.assertServiceRegistered(runtime, Cache.KEY);
    }

    @Test
    void aSavedProductIsPricedThroughThePortAndTheCacheKeepsThePrice(Repositories repositories, Ports ports,
            @Service("cache") Cache cache) {
        repositories.<Product, String>of(Product.class).save(new Product("tea-test", "Tea", 250, 0));
        PricingPort pricing = ports.get(PricingPort.class);
        assertThat(pricing.priceCents("tea-test")).hasValue(250);
        assertThat(cache.get("price:tea-test")).contains("250");
        assertThat(pricing.priceCents("no-such-sku")).isEmpty();
        assertThat(cache.get("price:no-such-sku")).as("an unknown product is not cached").isEmpty();
    }
}
