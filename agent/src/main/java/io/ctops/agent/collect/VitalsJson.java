package io.ctops.agent.collect;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.ctops.proto.agent.v1.Vitals;

/**
 * Vitals as JSON, in the field names of the proto file ({@code cpu_percent}) and with zero values
 * printed, so a reading of 0% is visible rather than missing.
 */
public final class VitalsJson {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .preservingProtoFieldNames()
            .includingDefaultValueFields();

    private VitalsJson() {
    }

    /** {@return the vitals as pretty-printed JSON} */
    public static String print(Vitals vitals) {
        try {
            return PRINTER.print(vitals);
        } catch (InvalidProtocolBufferException e) {
            // Only Any fields with unknown types fail to print, and Vitals has none.
            throw new IllegalStateException(e);
        }
    }
}
