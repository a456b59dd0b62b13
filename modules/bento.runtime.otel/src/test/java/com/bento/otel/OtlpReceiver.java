package com.bento.otel;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal OTLP/HTTP trace receiver on loopback: accepts {@code POST /v1/traces} and decodes the
 * protobuf {@code ExportTraceServiceRequest} far enough to list span names
 * (resource_spans=1 / scope_spans=2 / spans=2 / name=5).
 */
final class OtlpReceiver implements AutoCloseable {
    final List<String> spanNames = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    OtlpReceiver() throws IOException {
        this(0);
    }

    OtlpReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
                byte[] body = in.readAllBytes();
                for (byte[] resourceSpans : fields(body, 1)) {
                    for (byte[] scopeSpans : fields(resourceSpans, 2)) {
                        for (byte[] span : fields(scopeSpans, 2)) {
                            for (byte[] name : fields(span, 5)) {
                                spanNames.add(new String(name, StandardCharsets.UTF_8));
                            }
                        }
                    }
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The length-delimited values of one field number in a protobuf message. */
    static List<byte[]> fields(byte[] message, int wanted) {
        List<byte[]> out = new ArrayList<>();
        int[] at = {0};
        while (at[0] < message.length) {
            long key = varint(message, at);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            switch (wire) {
                case 0 -> varint(message, at);
                case 1 -> at[0] += 8;
                case 5 -> at[0] += 4;
                case 2 -> {
                    int len = (int) varint(message, at);
                    if (field == wanted) {
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        b.write(message, at[0], len);
                        out.add(b.toByteArray());
                    }
                    at[0] += len;
                }
                default -> throw new IllegalStateException("unsupported wire type " + wire);
            }
        }
        return out;
    }

    private static long varint(byte[] b, int[] at) {
        long value = 0;
        int shift = 0;
        while (true) {
            byte next = b[at[0]++];
            value |= (long) (next & 0x7f) << shift;
            if ((next & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
