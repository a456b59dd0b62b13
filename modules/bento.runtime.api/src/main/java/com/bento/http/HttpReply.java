package com.bento.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handler's answer.
 *
 * @param status the status code, 200 to 599 (an error status is better thrown as a
 *        {@link com.bento.BentoException}, which the host answers with Bento's envelope)
 * @param contentType the body's media type; ignored when the body is empty
 * @param headers more headers to send
 * @param body the body's bytes
 */
public record HttpReply(int status, String contentType, Map<String, String> headers, byte[] body) {

    /** Checks the status and copies the headers and body. */
    public HttpReply {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("HTTP status " + status + " is not an answer a handler can give;"
                    + " expected 200 to 599");
        }
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body.clone();
    }

    /**
     * @param status the status
     * @param json a JSON document
     * @return the reply, {@code application/json}
     */
    public static HttpReply json(int status, String json) {
        return new HttpReply(status, "application/json", Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param status the status
     * @param text plain text
     * @return the reply, {@code text/plain; charset=utf-8}
     */
    public static HttpReply text(int status, String text) {
        return new HttpReply(status, "text/plain; charset=utf-8", Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return 204 with no body */
    public static HttpReply noContent() {
        return new HttpReply(204, "text/plain", Map.of(), new byte[0]);
    }

    /**
     * @param name a header
     * @param value its value
     * @return this reply with that header too
     */
    public HttpReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpReply(status, contentType, more, body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpReply r && status == r.status && contentType.equals(r.contentType)
                && headers.equals(r.headers) && java.util.Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(status, contentType, headers, java.util.Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "HttpReply[" + status + ", " + contentType + ", " + body.length + " body bytes]";
    }
}
