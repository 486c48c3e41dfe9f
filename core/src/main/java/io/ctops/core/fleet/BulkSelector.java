package io.ctops.core.fleet;

import static io.ctops.db.jooq.Tables.HOST;

import io.ctops.core.access.Actor;
import io.ctops.core.access.Refusal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Which hosts a bulk action applies to: every given criterion must hold. At least one criterion is
 * required, so a slip cannot tag the whole fleet.
 *
 * @param hostnameGlob {@code web-*} ({@code *} any run, {@code ?} one character), case-insensitive
 * @param cidr {@code 10.1.0.0/16} or an IPv6 prefix: any of the host's addresses inside it
 * @param hasTag {@code key} or {@code key:value} the host must carry
 * @param lacksTag {@code key} or {@code key:value} the host must not carry
 */
public record BulkSelector(Optional<String> hostnameGlob, Optional<String> cidr, Optional<String> os,
                           Optional<HostStatus> status, Optional<String> hasTag, Optional<String> lacksTag) {

    public BulkSelector {
        hostnameGlob = blankToEmpty(hostnameGlob);
        cidr = blankToEmpty(cidr).map(BulkSelector::validCidr);
        os = blankToEmpty(os);
        status = status == null ? Optional.empty() : status;
        hasTag = blankToEmpty(hasTag);
        lacksTag = blankToEmpty(lacksTag);
        if (hostnameGlob.isEmpty() && cidr.isEmpty() && os.isEmpty() && status.isEmpty() && hasTag.isEmpty() && lacksTag.isEmpty()) {
            throw Refusal.invalid("choose the hosts: give at least one of hostname glob, CIDR, OS, status, has tag, lacks tag");
        }
        if (hostnameGlob.isPresent() && hostnameGlob.get().length() > 255) {
            throw Refusal.invalid("hostname glob must be at most 255 characters");
        }
    }

    Condition condition(Actor actor) {
        Condition where = HOST.ORG_ID.eq(actor.orgId()).and(HOST.DELETED_AT.isNull());
        if (hostnameGlob.isPresent()) {
            String like = HostDirectory.escapeLike(hostnameGlob.get()).replace('*', '%').replace('?', '_');
            where = where.and(HOST.HOSTNAME.likeIgnoreCase(like, '\\'));
        }
        if (cidr.isPresent()) {
            // only strings that look like addresses are cast, so one odd value cannot fail the statement
            where = where.and(DSL.condition("EXISTS (SELECT 1 FROM unnest({0}) AS ip WHERE CASE WHEN ip ~ '^[0-9A-Fa-f:.]+$' "
                    + "THEN ip::inet <<= {1}::inet ELSE false END)", HOST.IP_ADDRESSES, DSL.val(cidr.get())));
        }
        if (os.isPresent()) {
            where = where.and(HOST.OS.equalIgnoreCase(os.get()));
        }
        if (status.isPresent()) {
            where = where.and(switch (status.get()) {
                case ONLINE, OFFLINE, NEVER_SEEN -> HOST.STATUS.eq(status.get().id());
                default -> throw Refusal.invalid("bulk selection by status takes online, offline or never_seen");
            });
        }
        if (hasTag.isPresent()) {
            where = where.and(tagCondition(hasTag.get()));
        }
        if (lacksTag.isPresent()) {
            where = where.and(DSL.not(tagCondition(lacksTag.get())));
        }
        return where;
    }

    private static Condition tagCondition(String tag) {
        if (tag.contains(":") || tag.contains("=")) {
            var pair = HostTags.parsePair(tag);
            return DSL.condition("{0} @> {1}::jsonb", HOST.TAGS,
                    DSL.val(HostTags.json(java.util.Map.of(pair.getKey(), pair.getValue()))));
        }
        return DSL.condition("jsonb_exists({0}, {1})", HOST.TAGS, DSL.val(HostTags.key(tag)));
    }

    private static String validCidr(String cidr) {
        String[] parts = cidr.strip().split("/", 2);
        try {
            if (!parts[0].matches("[0-9A-Fa-f:.]+")) {
                throw new UnknownHostException(parts[0]);
            }
            InetAddress address = InetAddress.getByName(parts[0]);
            int max = address.getAddress().length * 8;
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
            if (bits < 0 || bits > max) {
                throw new NumberFormatException();
            }
            return parts[0] + "/" + bits;
        } catch (UnknownHostException | NumberFormatException e) {
            throw Refusal.invalid("'" + cidr + "' is not an address range such as 10.0.0.0/8");
        }
    }

    private static Optional<String> blankToEmpty(Optional<String> value) {
        return value == null ? Optional.empty() : value.map(String::strip).filter(v -> !v.isEmpty());
    }
}
