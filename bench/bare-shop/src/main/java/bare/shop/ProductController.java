package bare.shop;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** {@code POST /products}, {@code GET /products}, {@code GET /products/{sku}}, as in the sample. */
@Controller("/products")
public class ProductController {
    private final DataSource dataSource;

    /**
     * @param dataSource Micronaut's default data source
     */
    public ProductController(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param body {@code {"sku", "name", "price_cents"}}
     * @return 201 with the product
     * @throws SQLException when the database fails
     */
    @Post
    public HttpResponse<Map<String, Object>> create(@Body Map<String, Object> body) throws SQLException {
        if (!(body.get("sku") instanceof String s) || s.isBlank() || !(body.get("name") instanceof String n) || n.isBlank()
                || !(body.get("price_cents") instanceof Number p) || p.longValue() < 0) {
            throw new ShopError("PRODUCT_INVALID", 400, Map.of("expected", "{sku: text, name: text, price_cents: number >= 0}"));
        }
        try (Connection c = dataSource.getConnection()) {
            if (!find(c, s).isEmpty()) {
                throw new ShopError("PRODUCT_EXISTS", 409, Map.of("sku", s));
            }
            try (PreparedStatement st = c.prepareStatement(
                    "insert into product (sku, name, price_cents, version) values (?, ?, ?, 1)")) {
                st.setString(1, s);
                st.setString(2, n);
                st.setLong(3, p.longValue());
                st.executeUpdate();
            }
            return HttpResponse.created(find(c, s).get(0));
        }
    }

    /**
     * @return every product
     * @throws SQLException when the database fails
     */
    @Get
    public List<Map<String, Object>> list() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, null);
        }
    }

    /**
     * @param sku a SKU
     * @return the product
     * @throws SQLException when the database fails
     */
    @Get("/{sku}")
    public Map<String, Object> get(String sku) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<Map<String, Object>> found = find(c, sku);
            if (found.isEmpty()) {
                throw new ShopError("PRODUCT_NOT_FOUND", 404, Map.of("sku", sku));
            }
            return found.get(0);
        }
    }

    static List<Map<String, Object>> find(Connection c, String sku) throws SQLException {
        String sql = "select sku, name, price_cents, version from product" + (sku == null ? " order by sku" : " where sku = ?");
        try (PreparedStatement st = c.prepareStatement(sql)) {
            if (sku != null) {
                st.setString(1, sku);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("sku", rs.getString(1));
                    m.put("name", rs.getString(2));
                    m.put("price_cents", rs.getLong(3));
                    m.put("version", rs.getLong(4));
                    out.add(m);
                }
                return out;
            }
        }
    }
}
