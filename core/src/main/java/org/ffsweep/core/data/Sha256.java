package org.ffsweep.core.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers (package-private). */
final class Sha256 {

    private Sha256() {}

    /** Returns a fresh SHA-256 digest. */
    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** Returns the lower-case hex SHA-256 of the concatenated parts. */
    static String hex(byte[]... parts) {
        MessageDigest md = digest();
        for (byte[] p : parts) {
            md.update(p);
        }
        return hex(md);
    }

    /** Returns the lower-case hex of the digest's result (which resets the digest). */
    static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }
}
