package io.ctops.core.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.util.Locale;

/**
 * The API's JSON: snake_case names, times as ISO-8601 strings, empty optionals as null, and unknown fields in a request
 * refused rather than silently dropped (a typo in a field name should not pass as success).
 */
@Provider
public final class ApiJson implements ContextResolver<ObjectMapper> {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .registerModule(new SimpleModule("ctops-enums")
                    .addSerializer(Enum.class, new LowerCaseEnum(false))
                    .addKeySerializer(Enum.class, new LowerCaseEnum(true)));

    /**
     * Enums (roles, host statuses), as values and as map keys, in the lower-case form the API takes in
     * parameters and bodies: {@code engineer}, {@code online}.
     */
    @SuppressWarnings("rawtypes")
    private static final class LowerCaseEnum extends StdSerializer<Enum> {
        private final boolean key;

        LowerCaseEnum(boolean key) {
            super(Enum.class);
            this.key = key;
        }

        @Override
        public void serialize(Enum value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            String id = value.name().toLowerCase(Locale.ROOT);
            if (key) {
                generator.writeFieldName(id);
            } else {
                generator.writeString(id);
            }
        }
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return MAPPER;
    }
}
