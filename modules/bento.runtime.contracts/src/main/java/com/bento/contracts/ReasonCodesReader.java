package com.bento.contracts;

import com.bento.ReasonCode;
import com.bento.contracts.Node.ListNode;
import com.bento.contracts.Node.MapNode;
import com.bento.contracts.Node.Pos;
import com.bento.contracts.Node.Scalar;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code reason-codes/*.json}: each code once, with its HTTP status, category and retry advice. */
final class ReasonCodesReader {
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private final ContractFiles in;

    ReasonCodesReader(ContractFiles in) {
        this.in = in;
    }

    // ---------------------------------------------------------------- reason codes

    Map<String, ReasonCode> read() {
        Map<String, ReasonCode> codes = new LinkedHashMap<>();
        Map<String, Pos> firstSeen = new LinkedHashMap<>();
        for (Path file : in.files("reason-codes", n -> n.endsWith(".json"), "*.json")) {
            Optional<Node> doc = in.parse(file, true);
            if (doc.isEmpty()) {
                continue;
            }
            Optional<MapNode> top = in.map(doc.get(), "A reason-codes file");
            if (top.isEmpty()) {
                continue;
            }
            Node list = top.get().entries().get("reason_codes");
            if (list == null) {
                in.error(top.get().pos(), "missing key 'reason_codes'. Expected {\"reason_codes\": [{\"reason_code\": ...}]}");
                continue;
            }
            for (Node item : in.list(list, "'reason_codes'").map(ListNode::items).orElse(List.of())) {
                in.map(item, "A reason code entry").ifPresent(entry -> readReasonCode(entry, codes, firstSeen));
            }
        }
        return codes;
    }

    private void readReasonCode(MapNode entry, Map<String, ReasonCode> codes, Map<String, Pos> firstSeen) {
        in.unknownKeys(entry, new LinkedHashSet<>(List.of("reason_code", "http_status", "category", "retryable", "message")),
                "a reason code entry");
        String code = in.text(entry, "reason_code", true, "A reason code entry");
        if (code == null) {
            return;
        }
        Pos codePos = entry.entries().get("reason_code").pos();
        if (!CODE.matcher(code).matches()) {
            in.error(codePos, "reason code '" + code + "' is not valid: expected upper-case letters, digits and '_',"
                    + " starting with a letter, such as ORDER_NOT_FOUND");
            return;
        }
        int status = 500;
        Node statusNode = entry.entries().get("http_status");
        if (statusNode != null) {
            if (statusNode instanceof Scalar s && s.value() instanceof Long l && l >= 100 && l <= 599) {
                status = l.intValue();
            } else {
                in.error(statusNode.pos(), "http_status of '" + code + "' must be an HTTP status from 100 to 599, not "
                        + Node.describe(statusNode));
                return;
            }
        }
        String category = Optional.ofNullable(in.text(entry, "category", false, "")).orElse("UNKNOWN");
        boolean retryable = false;
        Node retry = entry.entries().get("retryable");
        if (retry != null) {
            if (retry instanceof Scalar s && s.value() instanceof Boolean b) {
                retryable = b;
            } else {
                in.error(retry.pos(), "retryable of '" + code + "' must be true or false, not " + Node.describe(retry));
            }
        }
        String message = "";
        Node msg = entry.entries().get("message");
        if (msg != null) {
            if (msg instanceof Scalar s && s.value() instanceof String str) {
                message = str;
            } else {
                in.error(msg.pos(), "message of '" + code + "' must be text, not " + Node.describe(msg));
            }
        }
        Pos first = firstSeen.putIfAbsent(code, codePos);
        if (first != null) {
            in.error(codePos, "duplicate reason code '" + code + "' (first defined at " + first
                    + "). Codes are unique across all reason-code files: remove or rename one");
            return;
        }
        codes.put(code, new ReasonCode(code, status, category, retryable, message));
    }

    // ---------------------------------------------------------------- state machines
}
