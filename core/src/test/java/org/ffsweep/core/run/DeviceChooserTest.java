package org.ffsweep.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.config.RuntimeConfig;
import org.junit.jupiter.api.Test;

/** Device choice from Spark's addresses, the local pool, and the health check on the real CPU engine. */
class DeviceChooserTest {

    @Test
    void sparkAddressBindsTheMatchingGpu() {
        try (DeviceChooser.Lease l = DeviceChooser.choose(DevicePreference.AUTO, "1", 2)) {
            assertEquals(Device.gpu(1), l.device());
            assertEquals("1", l.assignedAddress());
        }
        try (DeviceChooser.Lease l = DeviceChooser.choose(DevicePreference.GPU, " 0 ", 1)) {
            assertEquals(Device.gpu(0), l.device());
        }
    }

    @Test
    void fakeAddressOnACpuHostTrainsOnCpuUnderAuto() {
        try (DeviceChooser.Lease l = DeviceChooser.choose(DevicePreference.AUTO, "3", 0)) {
            assertEquals(Device.cpu(), l.device());
            assertEquals("3", l.assignedAddress(), "the address Spark gave is still recorded");
        }
        try (DeviceChooser.Lease l = DeviceChooser.choose(DevicePreference.CPU, "0", 4)) {
            assertEquals(Device.cpu(), l.device());
        }
    }

    @Test
    void unusableAddressesAreDeviceFaults() {
        var notIndex = assertThrows(DeviceUnavailableException.class,
                () -> DeviceChooser.choose(DevicePreference.AUTO, "GPU-5f2c", 2));
        assertTrue(notIndex.getMessage().contains("'GPU-5f2c'"), notIndex.getMessage());
        assertThrows(DeviceUnavailableException.class, () -> DeviceChooser.choose(DevicePreference.AUTO, "-1", 2));
        var missing = assertThrows(DeviceUnavailableException.class,
                () -> DeviceChooser.choose(DevicePreference.GPU, "2", 2));
        assertTrue(missing.getMessage().contains("sees 2 GPU(s)"), missing.getMessage());
    }

    @Test
    void localPoolLeasesDistinctIndicesAndReleasesThem() {
        DeviceChooser.Lease a = DeviceChooser.choose(DevicePreference.AUTO, null, 2);
        DeviceChooser.Lease b = DeviceChooser.choose(DevicePreference.GPU, null, 2);
        assertEquals(Device.gpu(0), a.device());
        assertEquals(Device.gpu(1), b.device());
        assertNull(a.assignedAddress());
        var full = assertThrows(IllegalStateException.class, () -> DeviceChooser.choose(DevicePreference.AUTO, null, 2));
        assertTrue(full.getMessage().contains("all 2 local GPUs"), full.getMessage());
        a.close();
        try (DeviceChooser.Lease c = DeviceChooser.choose(DevicePreference.AUTO, null, 2)) {
            assertEquals(Device.gpu(0), c.device(), "a released index is leased again");
        }
        b.close();
    }

    @Test
    void noGpuMeansCpuUnderAutoAndAnErrorUnderGpu() {
        try (DeviceChooser.Lease l = DeviceChooser.choose(DevicePreference.AUTO, null, 0)) {
            assertEquals(Device.cpu(), l.device());
        }
        assertThrows(IllegalStateException.class, () -> DeviceChooser.choose(DevicePreference.GPU, null, 0));
    }

    @Test
    void cpuPassesTheHealthCheck() {
        DeviceChooser.healthCheck(Device.cpu(), "PyTorch");
    }

    @Test
    void aTrialWithAnUnusableSparkAddressFailsAsADeviceFault() {
        RuntimeConfig rt = new RuntimeConfig(1, DevicePreference.AUTO);
        var e = assertThrows(DeviceUnavailableException.class, () -> TrialRunner.lease(rt, "broken"));
        assertTrue(e.getMessage().contains("'broken'"), e.getMessage());
        // an address this process sees no GPU for trains on CPU under device = auto
        TrialData data = new TrialData(TrialRunnerTest.images(20, 1), TrialRunnerTest.images(10, 2), "synthetic");
        try (DeviceChooser.Lease lease = TrialRunner.lease(rt, "0")) {
            TrialResult r = TrialRunner.run(TrialRunnerTest.trial(), rt, lease, data, java.util.List.of());
            assertEquals("cpu()", r.device());
        }
    }
}
