package org.ffsweep.core.util;

/**
 * The algorithm of {@link java.util.SplittableRandom} (SplitMix64: a seed advanced by an odd
 * gamma, outputs mixed with Stafford's variant 13; {@link #split} seeds a child from the next
 * two outputs), reimplemented so that its state can be read and restored: for a seed it draws
 * exactly the numbers {@code new SplittableRandom(seed)} draws, method for method, including
 * the streams it splits off. Every random stream of a trial is one of these, so that a
 * checkpoint can hold them all ({@link #state}, {@link #restore}). Not thread-safe.
 */
public final class SavableRandom {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long seed;
    private long gamma;

    /** The stream {@code new SplittableRandom(seed)} would draw. */
    public SavableRandom(long seed) {
        this(seed, GOLDEN_GAMMA);
    }

    private SavableRandom(long seed, long gamma) {
        this.seed = seed;
        this.gamma = gamma;
    }

    /** A stream in the state {@link #state} returned. */
    public static SavableRandom of(long[] state) {
        SavableRandom r = new SavableRandom(0);
        r.restore(state);
        return r;
    }

    /** The state: {@code {seed, gamma}}; {@link #restore} or {@link #of} continue from it. */
    public long[] state() {
        return new long[] {seed, gamma};
    }

    /** Continues from {@code state}, a value {@link #state} returned. */
    public void restore(long[] state) {
        if (state.length != 2 || (state[1] & 1L) == 0) {
            throw new IllegalArgumentException("a random state is {seed, odd gamma}, got " + state.length
                    + " values" + (state.length == 2 ? " with an even gamma" : ""));
        }
        this.seed = state[0];
        this.gamma = state[1];
    }

    /** A new stream, as {@link java.util.SplittableRandom#split()}; advances this one by two draws. */
    public SavableRandom split() {
        return new SavableRandom(nextLong(), mixGamma(nextSeed()));
    }

    /** As {@link java.util.SplittableRandom#nextLong()}. */
    public long nextLong() {
        return mix64(nextSeed());
    }

    /**
     * Writes {@code size} values of a keep mask into {@code out[0, size)}: value {@code i} is
     * {@code kept} when the 16-bit field {@code i % 4} (lowest first) of draw {@code i / 4} is
     * below {@code keepBelow}, else {@code 0f}. The draws are exactly {@code ceil(size / 4)} calls
     * of {@link #nextLong}, so the stream ends where that loop would leave it; the state stays in
     * locals for the whole mask and the choice is branch-free (a dropout mask is tens of millions
     * of values per step).
     *
     * @param keepBelow in {@code [0, 65536]}
     */
    public void fillKeepMask(float[] out, int size, int keepBelow, float kept) {
        if (keepBelow < 0 || keepBelow > 1 << 16) {
            throw new IllegalArgumentException("keepBelow must be in [0, 65536], got " + keepBelow);
        }
        final int keptBits = Float.floatToRawIntBits(kept);
        final long g = gamma;
        long s = seed;
        int i = 0;
        int whole = size & ~3;
        for (; i < whole; i += 4) {
            s += g;
            long bits = mix64(s);
            // (field - keepBelow) >> 31 is all ones when the field is below keepBelow, else 0
            out[i] = Float.intBitsToFloat(keptBits & (((int) bits & 0xFFFF) - keepBelow) >> 31);
            out[i + 1] = Float.intBitsToFloat(keptBits & (((int) (bits >>> 16) & 0xFFFF) - keepBelow) >> 31);
            out[i + 2] = Float.intBitsToFloat(keptBits & (((int) (bits >>> 32) & 0xFFFF) - keepBelow) >> 31);
            out[i + 3] = Float.intBitsToFloat(keptBits & ((int) (bits >>> 48) - keepBelow) >> 31);
        }
        if (i < size) {
            s += g;
            long bits = mix64(s);
            for (; i < size; i++, bits >>>= 16) {
                out[i] = Float.intBitsToFloat(keptBits & (((int) bits & 0xFFFF) - keepBelow) >> 31);
            }
        }
        seed = s;
    }

    /**
     * Multiplies {@code x[0, size)} by the keep mask {@link #fillKeepMask} would write for the same
     * arguments ({@code x[i] * kept} or {@code x[i] * 0f}, so the products a multiplication by
     * that mask gives), drawing the same numbers: the mask is never stored.
     *
     * @param keepBelow in {@code [0, 65536]}
     */
    public void multiplyKeepMask(float[] x, int size, int keepBelow, float kept) {
        if (keepBelow < 0 || keepBelow > 1 << 16) {
            throw new IllegalArgumentException("keepBelow must be in [0, 65536], got " + keepBelow);
        }
        final int keptBits = Float.floatToRawIntBits(kept);
        final long g = gamma;
        long s = seed;
        int i = 0;
        int whole = size & ~3;
        for (; i < whole; i += 4) {
            s += g;
            long bits = mix64(s);
            x[i] *= Float.intBitsToFloat(keptBits & (((int) bits & 0xFFFF) - keepBelow) >> 31);
            x[i + 1] *= Float.intBitsToFloat(keptBits & (((int) (bits >>> 16) & 0xFFFF) - keepBelow) >> 31);
            x[i + 2] *= Float.intBitsToFloat(keptBits & (((int) (bits >>> 32) & 0xFFFF) - keepBelow) >> 31);
            x[i + 3] *= Float.intBitsToFloat(keptBits & ((int) (bits >>> 48) - keepBelow) >> 31);
        }
        if (i < size) {
            s += g;
            long bits = mix64(s);
            for (; i < size; i++, bits >>>= 16) {
                x[i] *= Float.intBitsToFloat(keptBits & (((int) bits & 0xFFFF) - keepBelow) >> 31);
            }
        }
        seed = s;
    }

    /** As {@link java.util.SplittableRandom#nextInt()}. */
    public int nextInt() {
        return mix32(nextSeed());
    }

    /** As {@link java.util.SplittableRandom#nextInt(int)}: uniform in {@code [0, bound)}. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        int r = nextInt();
        int m = bound - 1;
        if ((bound & m) == 0) {
            return r & m;
        }
        for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
            // rejected: u fell in the last, partial run of bound values
        }
        return r;
    }

    /** As {@link java.util.SplittableRandom#nextDouble()}: uniform in {@code [0, 1)}. */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    private long nextSeed() {
        return seed += gamma;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    private static long mixGamma(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z = (z ^ (z >>> 33)) | 1L;
        int n = Long.bitCount(z ^ (z >>> 1));
        return n < 24 ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
    }
}
