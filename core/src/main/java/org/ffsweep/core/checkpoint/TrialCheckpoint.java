package org.ffsweep.core.checkpoint;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import org.ffsweep.core.nn.Adam;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;

/**
 * A trial's whole state after a step: where it is in its schedule (the step, the round and the
 * place in it, the data order), the model's parameters, optimizer states and random streams (also
 * as they were when the current round's batch was made, so that the batch can be made again), and
 * what it has recorded so far. Written as a header ({@code FFSWEEP-CKPT}, format version) and a
 * Java-serialized record whose classes are checked against a fixed list when read.
 *
 * @param trialId the trial's id
 * @param step the last step completed
 * @param round chunked: the index of the chunk of {@code step}; epochs: its epoch (1-based)
 * @param inRound chunked: the epoch of {@code step} in its chunk (1-based); epochs: the index of its batch
 * @param order the training rows in their initial order
 * @param epochOrder epochs: this epoch's order; chunked: null
 * @param roundStartRandoms the random streams just before the batch of {@code step} was made
 * @param randoms the random streams after {@code step}
 * @param parameters the model's parameters
 * @param optimizers the model's optimizers
 * @param evalDue the evaluation due at {@code step} has not run (a listener stopped the trial first)
 * @param steps the step metrics recorded so far
 * @param evals the evaluations so far
 * @param trainSeconds training time so far
 * @param evalSeconds evaluation time so far
 */
public record TrialCheckpoint(String trialId, long step, int round, int inRound, int[] order, int[] epochOrder,
        long[][] roundStartRandoms, long[][] randoms, List<float[]> parameters, List<Adam.State> optimizers,
        boolean evalDue, List<StepMetrics> steps, List<EvalMetrics> evals, double trainSeconds,
        double evalSeconds) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String MAGIC = "FFSWEEP-CKPT";
    private static final int VERSION = 1;
    /** The classes a checkpoint is made of; anything else in a file is refused before it is built. */
    private static final ObjectInputFilter FILTER = info -> {
        Class<?> c = info.serialClass();
        if (info.depth() > 20) {
            return ObjectInputFilter.Status.REJECTED;
        }
        if (c == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        String n = c.getName();
        boolean ok = c.isPrimitive() || c == TrialCheckpoint.class || c == Adam.State.class
                || c == Adam.SavedMoments.class || c == StepMetrics.class || c == EvalMetrics.class
                || c == String.class || c == Object.class || Number.class.isAssignableFrom(c) && n.startsWith("java.lang.")
                || n.startsWith("java.util.ImmutableCollections") || n.startsWith("java.util.CollSer")
                || n.equals("java.util.ArrayList");
        return ok ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    };

    public TrialCheckpoint {
        parameters = List.copyOf(parameters);
        optimizers = List.copyOf(optimizers);
        steps = List.copyOf(steps);
        evals = List.copyOf(evals);
    }

    /** Writes this checkpoint to {@code out} (not closed). */
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(MAGIC);
        data.writeInt(VERSION);
        ObjectOutputStream o = new ObjectOutputStream(data);
        o.writeObject(this);
        o.flush();
    }

    /**
     * Reads a checkpoint written by {@link #writeTo}.
     *
     * @param where the file, for messages
     * @throws IOException when it is not a checkpoint of this format
     */
    public static TrialCheckpoint readFrom(InputStream in, String where) throws IOException {
        DataInputStream data = new DataInputStream(in);
        String magic;
        try {
            magic = data.readUTF();
        } catch (IOException e) {
            throw new IOException(where + ": not an ffsweep checkpoint (" + e.getMessage() + ")", e);
        }
        if (!MAGIC.equals(magic)) {
            throw new IOException(where + ": not an ffsweep checkpoint (header \"" + magic + "\")");
        }
        int version = data.readInt();
        if (version != VERSION) {
            throw new IOException(where + ": checkpoint format " + version + " (this build reads " + VERSION + ")");
        }
        ObjectInputStream o = new ObjectInputStream(data);
        o.setObjectInputFilter(FILTER);
        try {
            return (TrialCheckpoint) o.readObject();
        } catch (ClassNotFoundException | ClassCastException | InvalidClassException e) {
            throw new IOException(where + ": unreadable checkpoint (" + e.getMessage() + ")", e);
        }
    }
}
