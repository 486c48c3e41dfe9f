package io.ctops.core.services;

import static java.util.Objects.requireNonNull;

import io.ctops.core.audit.AuditLog;
import io.ctops.core.fleet.HostDirectory;
import io.ctops.core.fleet.HostGroups;
import io.ctops.core.fleet.HostTags;
import io.ctops.core.identity.AgentIdentityServices;
import io.ctops.core.identity.EnrolmentTokenService;
import io.ctops.core.plugin.PluginHost;
import io.ctops.core.security.SecretBox;
import io.ctops.core.users.ApiKeyService;
import io.ctops.core.users.PasswordHasher;
import io.ctops.core.users.SignInService;
import io.ctops.core.users.UserService;
import java.time.Clock;
import org.jooq.DSLContext;

/**
 * The services the UI, the REST API and the admin command line share, assembled once. Each takes an
 * {@link io.ctops.core.access.Actor} and checks it, so the three front ends apply the same rules and
 * write the same audit entries.
 *
 * @param plugins empty in the admin command line before a server runs (it manages plugin state rows)
 */
public record CoreServices(UserService users, SignInService signIn, ApiKeyService apiKeys, HostDirectory hosts,
                           HostGroups groups, HostTags tags, EnrolmentTokenService tokens, AuditLog audit,
                           java.util.Optional<PluginHost> plugins, Clock clock) {

    public CoreServices {
        requireNonNull(users, "users is null");
        requireNonNull(signIn, "signIn is null");
        requireNonNull(apiKeys, "apiKeys is null");
        requireNonNull(hosts, "hosts is null");
        requireNonNull(groups, "groups is null");
        requireNonNull(tags, "tags is null");
        requireNonNull(tokens, "tokens is null");
        requireNonNull(audit, "audit is null");
        requireNonNull(plugins, "plugins is null");
        requireNonNull(clock, "clock is null");
    }

    public static CoreServices create(DSLContext dsl, SecretBox secrets, AgentIdentityServices identity,
                                      java.util.Optional<PluginHost> plugins, Clock clock) {
        AuditLog audit = identity.audit();
        PasswordHasher hasher = new PasswordHasher();
        HostDirectory hosts = new HostDirectory(dsl, identity.approvals(), audit, clock);
        return new CoreServices(new UserService(dsl, hasher, secrets, audit, clock),
                new SignInService(dsl, hasher, secrets, audit, clock), new ApiKeyService(dsl, audit, clock), hosts,
                new HostGroups(dsl, audit), new HostTags(dsl, hosts, audit), identity.tokens(), audit, plugins, clock);
    }
}
