package org.ffsweep.core.run;

/**
 * The device a trial was given cannot be used: an address that names no CUDA device, or a device
 * that fails its health check. A fault of the machine, not of the trial: a Spark task lets it
 * escape so that Spark retries the trial elsewhere and stops giving trials to that executor.
 */
public final class DeviceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceUnavailableException(String message) {
        super(message);
    }

    public DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
