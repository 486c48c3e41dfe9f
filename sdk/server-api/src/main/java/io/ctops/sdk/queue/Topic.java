package io.ctops.sdk.queue;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.regex.Pattern;

/**
 * A queue topic: a name and the protobuf type of its payloads.
 *
 * @param name lower-case words separated by dots, e.g. {@code metrics.raw}
 * @param parser reads a payload back from its bytes
 * @param <T> the payload type
 */
public record Topic<T extends Message>(String name, Parser<T> parser) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*");

    public Topic {
        requireNonNull(name, "name is null");
        requireNonNull(parser, "parser is null");
        if (!NAME.matcher(name).matches() || name.length() > 120) {
            throw new IllegalArgumentException("topic name '" + name
                    + "' is not dot-separated lower-case words (e.g. metrics.raw)");
        }
    }

    public static <T extends Message> Topic<T> of(String name, Parser<T> parser) {
        return new Topic<>(name, parser);
    }

    /** Reads a payload of this topic. */
    public T parse(byte[] bytes) throws InvalidProtocolBufferException {
        return parser.parseFrom(bytes);
    }
}
