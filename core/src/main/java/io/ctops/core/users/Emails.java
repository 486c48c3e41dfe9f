package io.ctops.core.users;

import io.ctops.core.access.Refusal;
import java.util.Locale;
import java.util.regex.Pattern;

/** The e-mail addresses users sign in with: trimmed, lower-cased, one {@code @}, a dotted domain. */
final class Emails {

    private static final Pattern SHAPE = Pattern.compile("[^@\\s<>\"']{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    private Emails() {
    }

    static String normalise(String email) {
        String trimmed = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (trimmed.length() > 254 || !SHAPE.matcher(trimmed).matches()) {
            throw Refusal.invalid("e-mail address is not valid");
        }
        return trimmed;
    }
}
