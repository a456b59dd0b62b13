package com.bento.runtime.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.http.HttpCall;
import com.bento.http.HttpHandler;
import com.bento.http.HttpReply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How routes declared as code are checked and matched, and what handlers see and give. */
class ModuleRoutesTest {
    private static final HttpHandler OK = call -> HttpReply.noContent();

    private static RouteTable.Route route(String method, String path) {
        return RouteTable.declare("shop", method, path, OK);
    }

    @Test
    void aLiteralSegmentBeatsAVariableWhateverTheDeclarationOrder() {
        RouteTable.Route variable = route("GET", "/prices/{sku}");
        RouteTable.Route literal = route("GET", "/prices/special");
        for (List<RouteTable.Route> routes : List.of(List.of(variable, literal), List.of(literal, variable))) {
            assertThat(RouteTable.match(routes, "GET", "/prices/special").route()).isSameAs(literal);
            assertThat(RouteTable.match(routes, "GET", "/prices/tea").route()).isSameAs(variable);
        }
    }

    @Test
    void variablesAreDecodedAndTheMethodAndSegmentCountMustMatch() {
        List<RouteTable.Route> routes = List.of(route("get", "/prices/{sku}/in/{currency}"));
        RouteTable.Match m = RouteTable.match(routes, "GET", "/prices/earl%20grey/in/EUR/");
        assertThat(m.variables()).containsExactly(Map.entry("sku", "earl grey"), Map.entry("currency", "EUR"));
        assertThat(RouteTable.match(routes, "HEAD", "/prices/tea/in/EUR")).as("HEAD is answered by GET").isNotNull();
        assertThat(RouteTable.match(routes, "POST", "/prices/tea/in/EUR")).isNull();
        assertThat(RouteTable.match(routes, "GET", "/prices/tea")).isNull();
        assertThat(RouteTable.match(routes, "GET", "/prices//in/EUR")).as("a variable needs a value").isNull();
        assertThat(RouteTable.match(routes, "GET", "/prices/a+b/in/EUR").variables()).containsEntry("sku", "a+b");
    }

    @Test
    void malformedDeclarationsNameTheModuleAndTheFix() {
        assertThatThrownBy(() -> route("GET", "prices")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Module 'shop' declares route GET 'prices'").hasMessageContaining("starting with '/'");
        assertThatThrownBy(() -> route("GET", "/prices?sku=1")).hasMessageContaining("without a query");
        assertThatThrownBy(() -> route("GET", "/prices/sku-{id}")).hasMessageContaining("mixes a variable with text");
        assertThatThrownBy(() -> route("GET", "/a/{id}/b/{id}")).hasMessageContaining("variable {id} twice");
        assertThatThrownBy(() -> route("HEAD", "/a")).hasMessageContaining("HEAD is answered by GET");
        assertThatThrownBy(() -> route("G ET", "/a")).hasMessageContaining("with method 'G ET'");
        assertThatThrownBy(() -> route("GET", "/a//b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCallReadsHeadersIgnoringCaseAndNamesAMissingVariable() {
        HttpCall call = new HttpCall("post", "/prices/tea", Map.of("sku", "tea"), Map.of("limit", List.of("5", "6")),
                Map.of("X-Trace", List.of("abc")), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.header("x-trace")).hasValue("abc");
        assertThat(call.queryParam("limit")).hasValue("5");
        assertThat(call.queryParam("none")).isEmpty();
        assertThat(call.text()).isEqualTo("{}");
        assertThatThrownBy(() -> call.pathParam("id")).hasMessageContaining("has no path variable 'id'; it has [sku]");
        byte[] body = call.body();
        body[0] = 'x';
        assertThat(call.text()).as("the call's body cannot be changed from outside").isEqualTo("{}");
    }

    @Test
    void aReplyChecksItsStatus() {
        assertThatThrownBy(() -> HttpReply.text(102, "early")).hasMessageContaining("expected 200 to 599");
        assertThatThrownBy(() -> HttpReply.text(600, "odd")).isInstanceOf(IllegalArgumentException.class);
        HttpReply reply = HttpReply.json(201, "{}").withHeader("Location", "/prices/tea");
        assertThat(reply.headers()).containsEntry("Location", "/prices/tea");
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(HttpReply.noContent().status()).isEqualTo(204);
    }
}
