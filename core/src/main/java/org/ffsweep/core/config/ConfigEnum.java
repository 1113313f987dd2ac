package org.ffsweep.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An option whose HOCON spelling is the kebab-case form of its constant name
 * ({@code LEAKY_RELU} is {@code leaky-relu}; {@code leaky_relu} is accepted too).
 */
public interface ConfigEnum {

    /** The spelling used in HOCON files and results. */
    default String key() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code text}; the error lists every accepted spelling. */
    static <E extends Enum<E> & ConfigEnum> E parse(Class<E> type, String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E e : type.getEnumConstants()) {
            if (e.key().equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "unknown value '" + text + "'; expected one of " + spellings(type));
    }

    static <E extends Enum<E> & ConfigEnum> String spellings(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(ConfigEnum::key)
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
