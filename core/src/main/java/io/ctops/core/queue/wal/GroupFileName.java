package io.ctops.core.queue.wal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;

/**
 * Maps a consumer group name to a safe file name and back: letters, digits, '_', '-' and inner '.' stay,
 * everything else (including a leading '.', which could spell "..") becomes %XX of its UTF-8 bytes.
 */
final class GroupFileName {

    /** Leaves room for the suffixes within the usual 255-byte file name limit. */
    private static final int MAX_LENGTH = 200;

    private GroupFileName() {
    }

    static String encode(String group) {
        StringBuilder name = new StringBuilder();
        byte[] bytes = group.getBytes(UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '_' || b == '-' || (b == '.' && i > 0);
            if (plain) {
                name.append((char) b);
            } else {
                name.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("consumer group name '" + group + "' is empty or too long");
        }
        return name.toString();
    }

    /** The group a file name stands for; IllegalArgumentException when it is not one {@link #encode} made. */
    static String decode(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%') {
                if (i + 3 > name.length()) {
                    throw new IllegalArgumentException("truncated escape in " + name);
                }
                bytes.write(Integer.parseInt(name.substring(i + 1, i + 3), 16)); // NumberFormatException is an IllegalArgumentException
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(UTF_8);
    }
}
