package io.ctops.core.api;

import io.ctops.core.access.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The first file part of a {@code multipart/form-data} body (RFC 7578), which is all a browser's or
 * curl's {@code -F file=@plugin.jar} upload holds. The body is already bounded by
 * {@link BodyLimitFilter}, so it is read whole rather than streamed.
 */
final class MultipartFile {

    private MultipartFile() {
    }

    /** The bytes of the first part that carries a file name. */
    static byte[] firstFile(String contentType, byte[] body) {
        byte[] delimiter = ("--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int headersStart = at + delimiter.length;
            if (startsWith(body, headersStart, "--")) {
                break; // the closing delimiter
            }
            headersStart = skipLineEnd(body, headersStart);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                break;
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.ISO_8859_1)
                    .toLowerCase(Locale.ROOT);
            int contentStart = headersEnd + 4;
            byte[] next = ("\r\n--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1);
            int contentEnd = indexOf(body, next, contentStart);
            if (contentEnd < 0) {
                break;
            }
            if (headers.contains("filename=")) {
                return Arrays.copyOfRange(body, contentStart, contentEnd);
            }
            at = contentEnd + 2;
        }
        throw Refusal.invalid("the multipart body holds no file part; send the jar as a file field");
    }

    private static String boundary(String contentType) {
        for (String parameter : contentType == null ? new String[0] : contentType.split(";")) {
            String trimmed = parameter.strip();
            if (trimmed.regionMatches(true, 0, "boundary=", 0, 9)) {
                String value = trimmed.substring(9).strip();
                if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!value.isEmpty() && value.length() <= 70) {
                    return value;
                }
            }
        }
        throw Refusal.invalid("multipart/form-data needs a boundary parameter of 1-70 characters");
    }

    private static int skipLineEnd(byte[] body, int at) {
        while (at < body.length && (body[at] == ' ' || body[at] == '\t')) {
            at++;
        }
        return startsWith(body, at, "\r\n") ? at + 2 : at;
    }

    private static boolean startsWith(byte[] body, int at, String text) {
        return at + text.length() <= body.length
                && new String(body, at, text.length(), StandardCharsets.ISO_8859_1).equals(text);
    }

    private static int indexOf(byte[] body, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= body.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (body[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
