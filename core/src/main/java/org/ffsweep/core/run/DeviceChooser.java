package org.ffsweep.core.run;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.BitSet;
import org.ffsweep.core.config.Options.DevicePreference;

/**
 * Picks the device a trial trains on. A GPU address that Spark assigned to the task
 * ({@code TaskContext} resources) wins; without one (Spark's local mode schedules no GPUs, the
 * plain CLI) ffsweep leases the lowest free local GPU index of this JVM. An assigned address
 * that is a valid index but names no GPU this process sees (fake discovery scripts, CPU-only
 * hosts) trains on CPU under {@code device = auto} and is an error under {@code device = gpu}.
 */
public final class DeviceChooser {
    /** GPU indices leased by trials running in this JVM. */
    private static final BitSet LEASED = new BitSet();

    private DeviceChooser() {}

    /**
     * A leased device: release it when the trial ends.
     *
     * @param device where to train
     * @param assignedAddress the GPU address Spark gave the task, or null
     * @param localIndex the local GPU index this lease holds, or -1
     * @param checkSeconds wall time spent choosing and checking the device (part of a trial's setup)
     */
    public record Lease(Device device, String assignedAddress, int localIndex, double checkSeconds)
            implements AutoCloseable {
        Lease(Device device, String assignedAddress, int localIndex) {
            this(device, assignedAddress, localIndex, 0);
        }

        /** This lease (the same device, to be closed once), with the time its check took. */
        Lease withCheckSeconds(double seconds) {
            return new Lease(device, assignedAddress, localIndex, seconds);
        }

        @Override
        public void close() {
            if (localIndex >= 0) {
                synchronized (LEASED) {
                    LEASED.clear(localIndex);
                }
            }
        }
    }

    /**
     * Chooses a device.
     *
     * @param preference {@code runtime.device}
     * @param assignedAddress the GPU address Spark assigned, or null when there is none
     * @param gpuCount GPUs the engine sees in this process
     * @throws DeviceUnavailableException when the assigned address cannot be used
     * @throws IllegalStateException when {@code device = gpu} and this process sees no GPU at all
     */
    public static Lease choose(DevicePreference preference, String assignedAddress, int gpuCount) {
        if (assignedAddress != null) {
            int index = parseIndex(assignedAddress);
            if (preference == DevicePreference.CPU || index >= gpuCount && preference == DevicePreference.AUTO) {
                return new Lease(Device.cpu(), assignedAddress, -1);
            }
            if (index >= gpuCount) {
                throw new DeviceUnavailableException("Spark assigned GPU address " + assignedAddress
                        + ", but this process sees " + gpuCount + " GPU(s) (runtime.device = gpu)");
            }
            return new Lease(Device.gpu(index), assignedAddress, -1);
        }
        if (preference == DevicePreference.CPU || gpuCount == 0 && preference == DevicePreference.AUTO) {
            return new Lease(Device.cpu(), null, -1);
        }
        if (gpuCount == 0) {
            throw new IllegalStateException("runtime.device = gpu, but PyTorch sees no GPU");
        }
        synchronized (LEASED) {
            int index = LEASED.nextClearBit(0);
            if (index >= gpuCount) {
                throw new IllegalStateException("all " + gpuCount + " local GPUs are in use by other trials");
            }
            LEASED.set(index);
            return new Lease(Device.gpu(index), null, index);
        }
    }

    /**
     * Runs a tiny computation on {@code device} and checks its answer.
     *
     * @throws DeviceUnavailableException when the device fails or answers wrong
     */
    public static void healthCheck(Device device, String engine) {
        try (NDManager m = NDManager.newBaseManager(device, engine)) {
            NDArray a = m.ones(new Shape(4, 4));
            float sum = a.matMul(a).sum().getFloat();
            if (sum != 64f) {
                throw new DeviceUnavailableException("device " + device + " failed its health check: 1s(4x4)^2 summed"
                        + " to " + sum + ", not 64");
            }
        } catch (DeviceUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DeviceUnavailableException("device " + device + " failed its health check: " + e, e);
        }
    }

    private static int parseIndex(String address) {
        try {
            int i = Integer.parseInt(address.trim());
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new DeviceUnavailableException("Spark assigned GPU address '" + address
                + "', which is not a CUDA device index (0, 1, ...): check the executor's GPU discovery script");
    }
}
