package shop.catalog.web;

import com.bento.BentoException;
import com.bento.data.Repository;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shop.catalog.api.Product;

/** {@code POST /products}, {@code GET /products}, {@code GET /products/{sku}}, {@code GET /products/{sku}/sales}. */
@Controller("/products")
public class ProductController {
    private final Repository<Product, String> products;
    private final com.bento.data.Database database;

    /**
     * @param products the catalog's repository, injected by its aggregate type from Bento's registry
     * @param database the database, from the container
     */
    public ProductController(Repository<Product, String> products, @jakarta.inject.Named("database") com.bento.data.Database database) {
        this.products = products;
        this.database = database;
    }

    private Repository<Product, String> products() {
        return products;
    }

    static Map<String, Object> json(Product p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sku", p.sku());
        m.put("name", p.name());
        m.put("price_cents", p.priceCents());
        m.put("version", p.version());
        return m;
    }

    /**
     * Creates a product from {@code {"sku", "name", "price_cents"}}.
     *
     * @param body the product
     * @return 201 with the product
     */
    @Post
    public HttpResponse<Map<String, Object>> create(@Body Map<String, Object> body) {
        Object sku = body.get("sku");
        Object name = body.get("name");
        Object price = body.get("price_cents");
        if (!(sku instanceof String s) || s.isBlank() || !(name instanceof String n) || n.isBlank()
                || !(price instanceof Number p) || p.longValue() < 0) {
            throw new BentoException("PRODUCT_INVALID", Map.of("expected", "{sku: text, name: text, price_cents: number >= 0}"));
        }
        if (products().findById(s).isPresent()) {
            throw new BentoException("PRODUCT_EXISTS", Map.of("sku", s));
        }
        return HttpResponse.created(json(products().save(new Product(s, n, p.longValue(), 0))));
    }

    /** @return every product */
    @Get
    public List<Map<String, Object>> list() {
        return products().findAll().stream().map(ProductController::json).toList();
    }

    /**
     * @param sku a SKU
     * @return {@code {"sku", "sold"}}: units sold, counted from OrderPlaced events (so shortly after the order)
     */
    @Get("/{sku}/sales")
    public Map<String, Object> sales(String sku) {
        get(sku);
        long sold = database.unitOfWork().call(c -> shop.catalog.Sales.sold(c, sku));
        return Map.of("sku", sku, "sold", sold);
    }

    /**
     * @param sku a SKU
     * @return the product
     */
    @Get("/{sku}")
    public Map<String, Object> get(String sku) {
        return json(products().findById(sku).orElseThrow(() -> new BentoException("PRODUCT_NOT_FOUND", Map.of("sku", sku))));
    }
}
