package io.ctops.agent.install;

import io.ctops.agent.config.IngestAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code agent.toml} that {@code install} writes: the settings given, every string quoted for TOML. */
final class AgentConfigText {

    private AgentConfigText() {
    }

    static String render(InstallRequest request, Optional<Path> caFile) {
        StringBuilder text = new StringBuilder();
        text.append("# Written by 'ctops-agent install'; running it again rewrites this file.\n")
                .append("# Settings: agent/README.md of CT-Ops, or 'ctops-agent help'.\n\n")
                .append("[ingest]\n")
                .append("address = [").append(request.addresses().stream().map(IngestAddress::toString)
                        .map(AgentConfigText::quote).collect(Collectors.joining(", "))).append("]\n");
        caFile.ifPresent(file -> text.append("ca_cert_file = ").append(quote(file.toString())).append('\n'));
        text.append("\n[agent]\n")
                .append("org_token = ").append(quote(request.token())).append('\n')
                .append("data_dir = ").append(quote(InstallLayout.DATA_DIR.toString())).append('\n')
                .append("heartbeat_interval_secs = 30\n");
        if (!request.tags().isEmpty()) {
            text.append("\n[agent.tags]\n");
            for (Map.Entry<String, String> tag : request.tags().entrySet()) {
                text.append(quote(tag.getKey())).append(" = ").append(quote(tag.getValue())).append('\n');
            }
        }
        return text.toString();
    }

    /** A TOML basic string: quotes, backslashes and control characters escaped. */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
