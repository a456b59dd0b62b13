package shop.catalog.web;

import com.bento.BentoException;
import com.bento.Fields;
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

    /** The longest SKU and name the catalog's table holds. */
    static final int SKU_MAX = 40;
    static final int NAME_MAX = 120;
    /** A price above this is a typo, not a product: a hundred million in cents. */
    static final long PRICE_MAX = 10_000_000_000L;

    /**
     * Creates a product from {@code {"sku", "name", "price_cents"}}; each field is checked by
     * {@link Fields}: a price of 1.99 or 1e30 is refused, never rounded or clamped.
     *
     * @param body the product
     * @return 201 with the product; 422 {@code FIELD_INVALID} naming the field and its limits
     */
    @Post
    public HttpResponse<Map<String, Object>> create(@Body Map<String, Object> body) {
        Fields product = Fields.of(body);
        String sku = product.text("sku", 1, SKU_MAX);
        String name = product.text("name", 1, NAME_MAX);
        long price = product.wholeNumber("price_cents", 0, PRICE_MAX);
        if (products().findById(sku).isPresent()) {
            throw new BentoException("PRODUCT_EXISTS", Map.of("sku", sku));
        }
        return HttpResponse.created(json(products().save(new Product(sku, name, price, 0))));
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
        get(Fields.text("sku", sku, 1, SKU_MAX));
        long sold = database.unitOfWork().call(c -> shop.catalog.Sales.sold(c, sku));
        return Map.of("sku", sku, "sold", sold);
    }

    /**
     * @param sku a SKU
     * @return the product
     */
    @Get("/{sku}")
    public Map<String, Object> get(String sku) {
        Fields.text("sku", sku, 1, SKU_MAX);
        return json(products().findById(sku).orElseThrow(() -> new BentoException("PRODUCT_NOT_FOUND", Map.of("sku", sku))));
    }
}
