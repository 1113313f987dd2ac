package org.ffsweep.core.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.ffsweep.core.data.Dataset;
import org.ffsweep.core.util.Checks;

/**
 * One fully resolved, validated trial: {@code ffsweep.trial}. Everything that changes what a
 * trial computes is here; where it runs is {@link RuntimeConfig}.
 */
public record TrialConfig(
        String name,
        long seed,
        Dataset dataset,
        SplitConfig data,
        ModelConfig model,
        FFConfig ff,
        TrainingConfig training,
        MetricsConfig metrics,
        UnsupervisedConfig unsupervised) implements java.io.Serializable {

    /** Options are written as they are spelled in HOCON ({@link ConfigEnum#key()}). */
    private static final Gson GSON = new GsonBuilder()
            .registerTypeHierarchyAdapter(ConfigEnum.class,
                    (JsonSerializer<ConfigEnum>) (e, type, ctx) -> new JsonPrimitive(e.key()))
            .create();

    public TrialConfig {
        Checks.notNull("name", name);
        Checks.notNull("dataset", dataset);
        Checks.notNull("data", data);
        Checks.notNull("model", model);
        Checks.notNull("ff", ff);
        Checks.notNull("training", training);
        Checks.notNull("metrics", metrics);
        Checks.notNull("unsupervised", unsupervised);
        unsupervised.checkAgainst(model);
    }

    /** Reads {@code c}, the {@code ffsweep.trial} subtree of a resolved, checked configuration. */
    public static TrialConfig fromConfig(Config c) {
        ConfigReader r = new ConfigReader(c, "ffsweep.trial.");
        Dataset dataset = r.get("dataset", p -> Dataset.fromConfigName(c.getString(p)));
        // Checks across subtrees are reported at unsupervised.representation, the one that can fail.
        return r.get("unsupervised.representation", p -> new TrialConfig(
                r.string("name"),
                r.anyLong("seed"),
                dataset,
                SplitConfig.read(r.sub("data")),
                ModelConfig.read(r.sub("model")),
                FFConfig.read(r.sub("ff")),
                TrainingConfig.read(r.sub("training")),
                MetricsConfig.read(r.sub("metrics")),
                UnsupervisedConfig.read(r.sub("unsupervised"))));
    }

    /** The trial as JSON with options spelled as in HOCON; stable field order. */
    public JsonObject toJson() {
        return GSON.toJsonTree(this).getAsJsonObject();
    }

    /**
     * A stable identity: SHA-256 (first 16 hex digits) of the canonical JSON of everything
     * that changes the computation (the free-form {@code name} is left out, and so is
     * {@code unsupervised} for the kinds that ignore it, and {@code data} when no validation set is
     * held out, which keeps their ids as they were).
     */
    public String configHash() {
        JsonObject o = toJson();
        o.remove("name");
        if (data.validationSize() == 0) {
            o.remove("data");
        }
        if (!model.kind().probed()) {
            o.remove("unsupervised");
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(o.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
