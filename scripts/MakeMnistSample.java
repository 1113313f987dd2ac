import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Makes the MNIST sample committed under {@code core/src/test/resources/mnist-sample/}: the first
 * {@code TRAIN_PER_CLASS} training images of each digit and the first {@code TEST_PER_CLASS} test
 * images of each digit, in their original order, as the four standard IDX files (gzip), plus
 * {@code SHA256SUMS} of the four {@code .gz} files. Deterministic: the same MNIST gives the same
 * images, labels and uncompressed SHA-256 (the identity ffsweep pins in {@code Dataset.MNIST_SAMPLE}).
 *
 * <p>Needs only a JDK (11 or newer), no build:
 *
 * <pre>
 *   java scripts/MakeMnistSample.java MNIST_DIR OUT_DIR [TRAIN_PER_CLASS TEST_PER_CLASS]
 * </pre>
 *
 * MNIST_DIR holds the four published files, raw or {@code .gz} (for example the folder the README's
 * first command fills, {@code ~/.cache/ffsweep/data/mnist}). Defaults: 500 and 200 per class, that
 * is 5,000 training and 2,000 test images. Prints the SHA-256 of each file's uncompressed content.
 */
public final class MakeMnistSample {

    private static final String[] NAMES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
    };

    public static void main(String[] args) throws Exception {
        if (args.length != 2 && args.length != 4) {
            System.err.println(
                    "usage: java scripts/MakeMnistSample.java MNIST_DIR OUT_DIR [TRAIN_PER_CLASS"
                            + " TEST_PER_CLASS]");
            System.exit(2);
        }
        Path src = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        int trainPerClass = args.length == 4 ? Integer.parseInt(args[2]) : 500;
        int testPerClass = args.length == 4 ? Integer.parseInt(args[3]) : 200;
        StringBuilder sums = new StringBuilder();
        for (int split = 0; split < 2; split++) {
            String imagesName = NAMES[2 * split];
            String labelsName = NAMES[2 * split + 1];
            byte[] images = read(src, imagesName);
            byte[] labels = read(src, labelsName);
            int perClass = split == 0 ? trainPerClass : testPerClass;
            List<Integer> chosen = choose(images, labels, perClass);
            byte[] sampleImages = subset(images, chosen, 28 * 28, new int[] {28, 28}, 0x0803);
            byte[] sampleLabels = subset(labels, chosen, 1, new int[] {}, 0x0801);
            for (String name : new String[] {imagesName, labelsName}) {
                byte[] content = name.equals(imagesName) ? sampleImages : sampleLabels;
                byte[] gz = gzip(content);
                Files.write(out.resolve(name + ".gz"), gz);
                sums.append(sha256(gz)).append("  ").append(name).append(".gz\n");
                System.out.println(name + " uncompressed SHA-256 " + sha256(content)
                        + " (" + chosen.size() + " items)");
            }
        }
        Files.writeString(out.resolve("SHA256SUMS"), sums.toString(), StandardCharsets.US_ASCII);
    }

    /** The indices of the first {@code perClass} items of each label, in file order. */
    private static List<Integer> choose(byte[] images, byte[] labels, int perClass) {
        int n = ByteBuffer.wrap(labels, 4, 4).getInt();
        if (ByteBuffer.wrap(labels).getInt() != 0x0801 || ByteBuffer.wrap(images).getInt() != 0x0803
                || ByteBuffer.wrap(images, 4, 4).getInt() != n) {
            throw new IllegalArgumentException("not an MNIST image/label pair");
        }
        int[] taken = new int[10];
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = labels[8 + i];
            if (taken[label] < perClass) {
                taken[label]++;
                chosen.add(i);
            }
        }
        for (int c = 0; c < 10; c++) {
            if (taken[c] != perClass) {
                throw new IllegalArgumentException("only " + taken[c] + " items of label " + c);
            }
        }
        return chosen;
    }

    /** An IDX file (magic, count, {@code dims}) of the chosen items of {@code idx}. */
    private static byte[] subset(byte[] idx, List<Integer> chosen, int itemBytes, int[] dims,
            int magic) {
        int header = 8 + 4 * dims.length;
        ByteBuffer b = ByteBuffer.allocate(header + chosen.size() * itemBytes);
        b.putInt(magic).putInt(chosen.size());
        for (int d : dims) {
            b.putInt(d);
        }
        for (int i : chosen) {
            b.put(idx, header + i * itemBytes, itemBytes);
        }
        return b.array();
    }

    private static byte[] read(Path dir, String name) throws IOException {
        Path raw = dir.resolve(name);
        Path file = Files.isRegularFile(raw) ? raw : dir.resolve(name + ".gz");
        try (InputStream in = new PushbackInputStream(Files.newInputStream(file), 2)) {
            PushbackInputStream p = (PushbackInputStream) in;
            byte[] magic = new DataInputStream(p).readNBytes(2);
            p.unread(magic);
            boolean gz = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            return gz ? new GZIPInputStream(p).readAllBytes() : p.readAllBytes();
        }
    }

    /** Gzip with the JDK's fixed header (no name, modification time 0). */
    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content);
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
