package io.ctops.core.api;

import io.ctops.core.access.Refusal;
import java.util.UUID;

/** Ids in paths and bodies: a malformed one is a 400 naming the parameter, not a 404 or a 500. */
final class Ids {

    private Ids() {
    }

    static UUID parse(String name, String value) {
        try {
            if (value == null || value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid(name + " is not a valid id");
        }
    }
}
