package io.ctops.core.cli;

import io.ctops.core.access.Actor;
import io.ctops.core.admin.AgentInstallCommand;
import io.ctops.core.admin.EnrolmentTokens;
import io.ctops.core.fleet.HostPage;
import io.ctops.core.fleet.HostQuery;
import io.ctops.core.fleet.HostRow;
import io.ctops.core.fleet.HostSort;
import io.ctops.core.fleet.HostStatus;
import io.ctops.core.fleet.HostTags;
import io.ctops.core.fleet.PendingAgent;
import io.ctops.core.identity.CreatedEnrolmentToken;
import io.ctops.core.identity.EnrolmentToken;
import io.ctops.core.identity.NewEnrolmentToken;
import io.ctops.core.users.CreatedApiKey;
import io.ctops.core.users.User;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What each {@code ctops admin} sub-command does, through the same services as the UI and the API.
 * Secrets go to standard output alone (so {@code KEY=$(ctops admin api-key create ...)} works);
 * everything said to the operator goes to standard error.
 */
final class AdminCommands {

    private final Supplier<AdminContext> context;
    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    AdminCommands(Supplier<AdminContext> context, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        this.context = context;
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** One sub-command: its name, the options it takes and what it does. */
    record Command(String name, Set<String> valued, Set<String> flags, String usage, Handler handler) {
    }

    interface Handler {
        void run(AdminCommands commands, AdminArguments args);
    }

    static final Map<String, Command> COMMANDS = commands(
            new Command("setup", Set.of("org", "email", "name"), Set.of(),
                    "setup --org O --email E [--name N]   first organisation and its super_admin (password: CT_OPS_ADMIN_PASSWORD or stdin)",
                    AdminCommands::setup),
            new Command("api-key create", Set.of("email", "name", "expires-days"), Set.of(),
                    "api-key create --email E --name N [--expires-days D]   prints the key once",
                    AdminCommands::createApiKey),
            new Command("token create", Set.of("org", "name", "max-uses", "expires-days", "tag", "ingest-address"),
                    Set.of("auto-approve"),
                    "token create [--org O] --name N [--auto-approve] [--max-uses N] [--expires-days D] [--tag k=v]... "
                            + "[--ingest-address host:port]   prints the secret and install command once",
                    AdminCommands::createToken),
            new Command("token revoke", Set.of("org"), Set.of(), "token revoke ID [--org O]", AdminCommands::revokeToken),
            new Command("token list", Set.of("org"), Set.of(), "token list [--org O]", AdminCommands::listTokens),
            new Command("hosts list", Set.of("org", "status", "search", "page", "page-size"), Set.of(),
                    "hosts list [--org O] [--status S] [--search Q] [--page N] [--page-size 25|50|100|200]",
                    AdminCommands::listHosts),
            new Command("agents pending", Set.of("org"), Set.of(), "agents pending [--org O]", AdminCommands::pendingAgents),
            new Command("agents approve", Set.of("org"), Set.of(), "agents approve ID [--org O]", AdminCommands::approveAgent),
            new Command("agents reject", Set.of("org", "reason"), Set.of(), "agents reject ID [--reason R] [--org O]",
                    AdminCommands::rejectAgent),
            new Command("plugins list", Set.of(), Set.of(), "plugins list", AdminCommands::listPlugins),
            new Command("plugins enable", Set.of("org"), Set.of(), "plugins enable ID   (applies at the next server start)",
                    (c, a) -> c.setPluginEnabled(a, true)),
            new Command("plugins disable", Set.of("org"), Set.of(), "plugins disable ID   (applies at the next server start)",
                    (c, a) -> c.setPluginEnabled(a, false)));

    private static Map<String, Command> commands(Command... all) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command command : all) {
            byName.put(command.name(), command);
        }
        return byName;
    }

    private void setup(AdminArguments args) {
        args.noPositional();
        String org = args.required("org");
        String email = args.required("email");
        String password = password(email);
        User user = context.get().services().users().setUp(org, email, args.option("name").orElse(null), password);
        err.println("Created organisation '" + org + "' and its super_admin " + user.email() + ".");
    }

    private void createApiKey(AdminArguments args) {
        args.noPositional();
        String email = args.required("email");
        String name = args.required("name");
        Optional<Integer> days = args.number("expires-days", 1, 3650);
        AdminContext ctx = context.get();
        Actor owner = ctx.user(email);
        Optional<Instant> expires = days.map(d -> ctx.services().clock().instant().plus(Duration.ofDays(d)));
        CreatedApiKey created = ctx.services().apiKeys().create(owner, name, expires);
        err.println("API key '" + created.key().name() + "' for " + email + " (" + created.key().prefix() + "..., expires "
                + created.key().expiresAt().map(Instant::toString).orElse("never") + "). It is shown this once:");
        out.println(created.secret());
    }

    private void createToken(AdminArguments args) {
        args.noPositional();
        String name = args.required("name");
        OptionalInt maxUses = args.number("max-uses", 1, 1_000_000).map(OptionalInt::of).orElse(OptionalInt.empty());
        Optional<Integer> days = args.number("expires-days", 1, 3650);
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : args.all("tag")) {
            var pair = HostTags.parsePair(tag);
            if (tags.put(pair.getKey(), pair.getValue()) != null) {
                throw new UsageException("--tag " + pair.getKey() + " is given twice");
            }
        }
        AdminContext ctx = context.get();
        Actor actor = ctx.actor(args.option("org"));
        Optional<Instant> expires = days.map(d -> ctx.services().clock().instant().plus(Duration.ofDays(d)));
        CreatedEnrolmentToken created = new EnrolmentTokens(ctx.services().tokens())
                .create(actor, new NewEnrolmentToken(name, args.flag("auto-approve"), expires, maxUses, tags));
        String ingest = args.option("ingest-address").orElseGet(() -> localHostName() + ":" + ctx.config().grpcPort());
        err.println("Enrolment token '" + name + "' (" + created.token().id() + "). The secret is shown this once:");
        out.println(created.secret());
        err.println("Install command (run in the unpacked agent tarball on the new host):");
        err.println("  " + new AgentInstallCommand(ingest).forSecret(created.secret()));
    }

    private void revokeToken(AdminArguments args) {
        UUID id = id(args.single("token id"));
        AdminContext ctx = context.get();
        new EnrolmentTokens(ctx.services().tokens()).revoke(ctx.actor(args.option("org")), id);
        err.println("Revoked enrolment token " + id + ".");
    }

    private void listTokens(AdminArguments args) {
        args.noPositional();
        AdminContext ctx = context.get();
        Instant now = ctx.services().clock().instant();
        TextTable table = new TextTable("ID", "NAME", "PREFIX", "AUTO-APPROVE", "USES", "EXPIRES", "STATE");
        for (EnrolmentToken t : new EnrolmentTokens(ctx.services().tokens()).list(ctx.actor(args.option("org")))) {
            table.row(t.id(), t.name(), t.secretPrefix() + "...", t.autoApprove() ? "yes" : "no",
                    t.uses() + (t.maxUses().isPresent() ? "/" + t.maxUses().getAsInt() : ""),
                    t.expiresAt().map(Instant::toString).orElse("never"),
                    t.revokedAt().isPresent() ? "revoked" : t.usableAt(now) ? "usable" : "used up or expired");
        }
        table.print(out);
    }

    private void listHosts(AdminArguments args) {
        args.noPositional();
        Set<HostStatus> statuses = args.option("status").map(s -> Set.of(HostStatus.parse(s))).orElse(Set.of());
        int page = args.number("page", 0, 1_000_000).orElse(0);
        int pageSize = args.number("page-size", 1, 200).orElse(50);
        AdminContext ctx = context.get();
        HostQuery query = new HostQuery(args.option("search").orElse(""), statuses, Optional.empty(), Optional.empty(),
                Map.of(), HostSort.HOSTNAME, false, page, pageSize);
        HostPage result = ctx.services().hosts().list(ctx.actor(args.option("org")), query);
        TextTable table = new TextTable("ID", "HOSTNAME", "NAME", "STATUS", "OS", "IP ADDRESSES", "LAST SEEN");
        for (HostRow h : result.hosts()) {
            table.row(h.id(), h.hostname(), h.displayName().orElse(null), h.status().id(), h.os().orElse(null),
                    String.join(",", h.ipAddresses()), h.lastSeenAt().map(Instant::toString).orElse("never"));
        }
        table.print(out);
        err.println("Page " + result.page() + " of " + result.pages() + " (" + result.total() + " host(s) match).");
    }

    private void pendingAgents(AdminArguments args) {
        args.noPositional();
        AdminContext ctx = context.get();
        TextTable table = new TextTable("AGENT ID", "HOSTNAME", "OS", "IP ADDRESSES", "REQUESTED", "TOKEN");
        for (PendingAgent a : ctx.services().hosts().pending(ctx.actor(args.option("org")))) {
            table.row(a.agentId(), a.hostname(), a.os().orElse(null), String.join(",", a.ipAddresses()), a.requestedAt(),
                    a.tokenName().orElse(null));
        }
        table.print(out);
    }

    private void approveAgent(AdminArguments args) {
        UUID id = id(args.single("agent id"));
        AdminContext ctx = context.get();
        ctx.services().hosts().approve(ctx.actor(args.option("org")), id);
        err.println("Approved agent " + id + "; it collects its certificate at its next poll.");
    }

    private void rejectAgent(AdminArguments args) {
        UUID id = id(args.single("agent id"));
        AdminContext ctx = context.get();
        ctx.services().hosts().reject(ctx.actor(args.option("org")), id, args.option("reason").orElse(null));
        err.println("Rejected agent " + id + "; its certificates are revoked.");
    }

    private void listPlugins(AdminArguments args) {
        args.noPositional();
        AdminContext ctx = context.get();
        TextTable table = new TextTable("ID", "VERSION", "ENABLED", "LAST STATE", "REASON");
        for (PluginStateRows.Row row : new PluginStateRows(ctx.dsl(), ctx.services().audit()).list()) {
            table.row(row.id(), row.version(), row.enabled() ? "yes" : "no", row.state(), row.reason().orElse(null));
        }
        table.print(out);
        err.println("As recorded by the last server start; a running server's live state is at GET /api/v1/plugins.");
    }

    private void setPluginEnabled(AdminArguments args, boolean enabled) {
        String id = args.single("plugin id");
        AdminContext ctx = context.get();
        new PluginStateRows(ctx.dsl(), ctx.services().audit()).setEnabled(ctx.actor(args.option("org")), id, enabled);
        err.println("Plugin " + id + " " + (enabled ? "enabled" : "disabled") + " in the database. A running server "
                + "applies this at its next start; to change it now use the Plugins page or POST /api/v1/plugins/" + id
                + (enabled ? "/enable" : "/disable") + ".");
    }

    /** The password from CT_OPS_ADMIN_PASSWORD or the first line of standard input; never an argument. */
    private String password(String email) {
        String fromEnv = env.get("CT_OPS_ADMIN_PASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        if (in == System.in && System.console() != null) {
            char[] typed = System.console().readPassword("Password for %s: ", email);
            if (typed != null && typed.length > 0) {
                return new String(typed);
            }
        } else {
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                if (line != null && !line.isEmpty()) {
                    return line;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the password from standard input", e);
            }
        }
        throw new UsageException("no password: set CT_OPS_ADMIN_PASSWORD or send it on standard input");
    }

    private static UUID id(String value) {
        try {
            if (value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UsageException("'" + value + "' is not an id (the ID column of the list commands)");
    }

    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getCanonicalHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    static String usage() {
        return "usage: ctops admin <command>\n" + COMMANDS.values().stream().map(c -> "  " + c.usage())
                .collect(Collectors.joining("\n"))
                + "\nSettings come from the server's environment: DATABASE_URL, CT_OPS_SECRET or CT_OPS_SECRET_FILE.\n"
                + "Exit status: 0 done, 1 refused or failed, 2 usage error.";
    }
}
