package org.ffsweep.core.util;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;

/**
 * DJL's PyTorch gradient collector for trials that share a JVM. DJL allows one open collector
 * per process (a static flag; PyTorch's grad mode itself is per thread), so the model kinds that
 * still train with autograd (the unsupervised kinds' layers, the backprop baseline) open it here:
 * one step's recording at a time, in a fair lock, while the supervised FF step, which records no
 * graph, never waits. Each trial's gradients live on its own parameters, so steps of different
 * trials may interleave between recordings.
 */
public final class Autograd {
    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private Autograd() {}

    /**
     * Opens {@code engine}'s gradient collector once no other thread of this JVM has one open; the
     * returned collector gives the slot up when closed (on the thread that opened it).
     */
    public static GradientCollector collector(Engine engine) {
        LOCK.lock();
        try {
            return new Held(engine.newGradientCollector());
        } catch (RuntimeException | Error e) {
            LOCK.unlock();
            throw e;
        }
    }

    private record Held(GradientCollector inner) implements GradientCollector {
        @Override
        public void backward(NDArray target) {
            inner.backward(target);
        }

        @Override
        public void zeroGradients() {
            inner.zeroGradients();
        }

        @Override
        public void close() {
            try {
                inner.close();
            } finally {
                LOCK.unlock();
            }
        }
    }
}
