package org.ffsweep.core.util;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of everything that computes a result, for provenance. */
public final class Versions {
    private Versions() {}

    public static String ffsweep() {
        try (InputStream in = Versions.class.getResourceAsStream("/org/ffsweep/core/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** ffsweep, DJL, the engine and Java versions. */
    public static Map<String, String> of(Engine engine) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("ffsweep", ffsweep());
        v.put("djl", Engine.getDjlVersion());
        v.put(engine.getEngineName().toLowerCase(java.util.Locale.ROOT), engine.getVersion());
        v.put("java", System.getProperty("java.version"));
        return v;
    }
}
