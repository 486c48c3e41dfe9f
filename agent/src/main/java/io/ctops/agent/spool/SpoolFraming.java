package io.ctops.agent.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk record: a 4-byte payload length, a 4-byte CRC32C of the payload, then the payload
 * (big-endian). A record cut short by a crash, or one whose checksum does not match, ends the valid
 * part of a segment.
 */
final class SpoolFraming {

    static final int HEADER_BYTES = 8;
    /** Far above any heartbeat; a larger length read back means the length itself is damaged. */
    static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    private SpoolFraming() {
    }

    /** {@return the framed record, ready to write} */
    static ByteBuffer frame(byte[] payload) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("record of " + payload.length + " bytes is larger than "
                    + MAX_PAYLOAD_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        buffer.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload).flip();
        return buffer;
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /**
     * Reads the record at the buffer's position and advances past it.
     *
     * @return the payload, or null when what follows is not a complete, intact record
     */
    static byte[] next(ByteBuffer buffer) {
        if (buffer.remaining() < HEADER_BYTES) {
            return null;
        }
        int start = buffer.position();
        int length = buffer.getInt(start);
        int crc = buffer.getInt(start + 4);
        if (length < 0 || length > MAX_PAYLOAD_BYTES || buffer.remaining() - HEADER_BYTES < length) {
            return null;
        }
        byte[] payload = new byte[length];
        buffer.get(start + HEADER_BYTES, payload);
        if (crc(payload, 0, length) != crc) {
            return null;
        }
        buffer.position(start + HEADER_BYTES + length);
        return payload;
    }
}
